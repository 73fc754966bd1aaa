// spike: a burst from the baseline to 10 times it and back, to see how the pipeline drains it.
// Knobs: RATE (baseline events/s, default 10), PEAK_RATE (default 10 x RATE), DURATION (total,
// default 140s; the phases keep their proportions: 30s base, 10s ramp up, 30s peak, 10s ramp
// down, 60s recovery).
import { durationMs, positiveNumber } from './lib/knobs.ts'
import { rampingLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openPostgres } from './lib/sinks/open-postgres.ts'

const PHASES = [30, 10, 30, 10, 60]

const scenario = defineScenario({
  name: 'spike',
  sink: openPostgres,
  load: (env) => {
    const base = positiveNumber(env, 'RATE', '10') ?? 10
    const peak = positiveNumber(env, 'PEAK_RATE', '100') ?? base * 10
    const total = durationMs(env, 'DURATION', '140s') ?? 140_000
    const unit = total / PHASES.reduce((a, b) => a + b, 0)
    const targets = [base, peak, peak, base, base]
    return rampingLoad(env, {
      startRate: base,
      stages: PHASES.map((seconds, i) => ({ target: targets[i]!, durationMs: seconds * unit })),
      describe: `spike ${base}/s -> ${peak}/s -> ${base}/s over ${Math.round(total / 1000)}s`,
    })
  },
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
