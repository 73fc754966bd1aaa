// smoke: 10 events from one VU, as fast as it goes: does the pipeline work at all? (CI runs this one.)
import { iterationsLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'smoke',
  sink: openPostgres,
  load: (env) => iterationsLoad(env, { events: 10, vus: 1 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
