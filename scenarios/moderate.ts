// moderate: 100 events at about 7/s.
import { constantLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'moderate',
  sink: openPostgres,
  load: (env) => constantLoad(env, { events: 100, rate: 7 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
