// extreme: 10,000 events at about 167/s (the seed's top level).
import { constantLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'extreme',
  sink: openPostgres,
  load: (env) => constantLoad(env, { events: 10_000, rate: 167 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
