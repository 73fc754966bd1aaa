// Work done on a clock during the scenarios: vus/vus_max every second (run tags only, as k6),
// thresholds every 2 s (abortOnFail), progress and metric snapshots for API callers.
import type { Thresholds } from '../thresholds/thresholds.ts'
import { ExitCode, RunError } from './exit-codes.ts'
import type { TestState } from './test-state.ts'

export interface PeriodicHooks {
  onTick?: () => void
  onSnapshot?: () => void
  snapshotIntervalMs?: number
}

export function startPeriodic(state: TestState, thresholds: Thresholds | undefined, hooks: PeriodicHooks): () => void {
  const timers: NodeJS.Timeout[] = []
  const sampleVus = () => {
    state.metrics.push(state.builtin.vus, state.vusActive, state.runTags)
    state.metrics.push(state.builtin.vusMax, state.vusInitialized, state.runTags)
  }
  // First sample once the executors have activated their VUs, then every second; no final
  // sample (k6's ticker just stops, so the summary shows the last running value).
  const first = setImmediate(sampleVus)
  timers.push(
    setInterval(() => {
      sampleVus()
      hooks.onTick?.()
    }, 1000),
  )
  if (thresholds && !thresholds.empty) {
    timers.push(
      setInterval(() => {
        const crossed = thresholds.evaluate(state.elapsed(), false)
        if (crossed && !state.hardStop.signal.aborted) {
          const msg = `thresholds on metrics '${thresholds.groups.filter((g) => g.items.some((t) => !t.ok)).map((g) => g.selector).join("', '")}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`
          state.log.error(msg)
          state.abort(new RunError(ExitCode.THRESHOLDS_FAILED, msg))
        }
      }, 2000),
    )
  }
  const onSnapshot = hooks.onSnapshot
  if (onSnapshot) timers.push(setInterval(() => onSnapshot(), hooks.snapshotIntervalMs ?? 1000))
  for (const t of timers) t.unref()
  return () => {
    clearImmediate(first)
    for (const t of timers) clearInterval(t)
  }
}
