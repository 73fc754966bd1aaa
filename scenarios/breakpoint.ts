// breakpoint: raises the rate until the thresholds break, to find the highest sustainable rate.
// From RATE (default 20/s) to MAX_RATE (default 2000/s) over DURATION (default 10m); the first
// sustained threshold breach stops it (abortOnFail, 10 s grace). The target_rate gauge's last
// value is the rate at which the pipeline stopped keeping up: the maximum is just below it.
import { durationMs, positiveNumber } from './lib/knobs.ts'
import { rampingLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const scenario = defineScenario({
  name: 'breakpoint',
  sink: openPostgres,
  abortOnFail: true,
  load: (env) => {
    const start = positiveNumber(env, 'RATE', '20') ?? 20
    const max = positiveNumber(env, 'MAX_RATE', '2000') ?? 2000
    if (max <= start) throw new Error(`MAX_RATE (${max}) must be above RATE (${start})`)
    const total = durationMs(env, 'DURATION', '10m') ?? 600_000
    return rampingLoad(env, {
      startRate: start,
      stages: [{ target: max, durationMs: total }],
      describe: `breakpoint ramp ${start}/s -> ${max}/s over ${Math.round(total / 1000)}s, stops at the first breach`,
    })
  },
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
