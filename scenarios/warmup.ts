// warmup: 10 events at 2/s (the seed's first level).
import { constantLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'warmup',
  sink: openPostgres,
  load: (env) => constantLoad(env, { events: 10, rate: 2 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
