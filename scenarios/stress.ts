// stress: 1,000 events at about 33/s.
import { constantLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'stress',
  sink: openPostgres,
  load: (env) => constantLoad(env, { events: 1000, rate: 33 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
