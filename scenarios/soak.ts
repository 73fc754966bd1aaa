// soak: a constant 50 events/s for 2 hours, for what only shows over hours.
// Leaks, replication-slot lag, compaction; RATE and DURATION change the level and the length.
import { constantLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'soak',
  sink: openPostgres,
  load: (env) => constantLoad(env, { rate: 50, durationMs: 2 * 3_600_000 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
