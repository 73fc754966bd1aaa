// When did the executor mean to start this iteration? For arrival-rate executors the schedule is a
// fixed grid (k6 semantics: constant rate -> iteration k due at k * timeUnit / rate from the
// scenario start; ramping -> the n-th iteration due when the area under the rate curve reaches n).
//
// k6 hands a due iteration to an idle VU at once or drops it; it never queues. So the iteration
// running now belongs to the latest grid point at or before now, and scheduled_at is that point.
// (k6's iterationInTest skips dropped iterations, so it cannot index the grid.) Exact while the
// start lag stays under one inter-arrival interval; beyond that scheduled_at trails the true due
// time by whole intervals, so lag derived from it is a lower bound (the engine's own start-lag
// metric is exact).

export interface RampStage {
  /** Iterations per millisecond at the end of the stage. */
  target: number
  durationMs: number
}

export type Grid =
  | { kind: 'constant'; intervalMs: number }
  | { kind: 'ramping'; startRate: number; stages: readonly RampStage[] }
  | { kind: 'none' }

/**
 * Offset (ms from scenario start) of the grid point at or before `elapsedMs`. The engine's
 * scenario start and our clock can disagree by a fraction of a millisecond, so an iteration seen
 * up to SLACK_MS before a grid point belongs to that point (its scheduled time is then its start,
 * never later than the start).
 */
export function scheduledOffset(grid: Grid, elapsedMs: number): number {
  if (grid.kind === 'none' || elapsedMs <= 0) return Math.max(0, elapsedMs)
  if (grid.kind === 'constant') {
    const slack = Math.min(SLACK_MS, grid.intervalMs / 4)
    return Math.min(elapsedMs, Math.floor((elapsedMs + slack) / grid.intervalMs) * grid.intervalMs)
  }
  const rate = rampRate(grid, elapsedMs)
  const slack = rate > 0 ? Math.min(SLACK_MS, 1 / (4 * rate)) : SLACK_MS
  const n = Math.floor(rampArea(grid, elapsedMs + slack) + 1e-9)
  return n < 1 ? elapsedMs : Math.min(elapsedMs, rampTimeOfArea(grid, n))
}

const SLACK_MS = 2

/** Iterations due by `elapsedMs` (area under the piecewise-linear rate curve). */
export function rampArea(grid: { startRate: number; stages: readonly RampStage[] }, elapsedMs: number): number {
  let area = 0
  let from = grid.startRate
  let t = 0
  for (const stage of grid.stages) {
    const x = Math.min(stage.durationMs, elapsedMs - t)
    if (x <= 0) break
    area += from * x + ((stage.target - from) * x * x) / (2 * stage.durationMs)
    t += stage.durationMs
    from = stage.target
  }
  return area
}

/** The rate (iterations per ms) the ramp asks for at `elapsedMs`. */
export function rampRate(grid: { startRate: number; stages: readonly RampStage[] }, elapsedMs: number): number {
  let from = grid.startRate
  let t = 0
  for (const stage of grid.stages) {
    if (elapsedMs < t + stage.durationMs) return from + ((stage.target - from) * (elapsedMs - t)) / stage.durationMs
    t += stage.durationMs
    from = stage.target
  }
  return from
}

/** Inverse of rampArea: the time at which the area reaches `n`. */
export function rampTimeOfArea(grid: { startRate: number; stages: readonly RampStage[] }, n: number): number {
  let remaining = n
  let from = grid.startRate
  let t = 0
  for (const stage of grid.stages) {
    const d = stage.durationMs
    const stageArea = ((from + stage.target) * d) / 2
    if (remaining <= stageArea) {
      const a = (stage.target - from) / (2 * d)
      if (Math.abs(a) < 1e-15) return t + remaining / from
      const x = (-from + Math.sqrt(Math.max(0, from * from + 4 * a * remaining))) / (2 * a)
      return t + x
    }
    remaining -= stageArea
    t += d
    from = stage.target
  }
  return t
}
