// Load shapes: the seed's levels and the ramps, resolved from the knobs into a k6 scenario config,
// the number of events they write and the schedule grid used for scheduled_at.

import { durationMs, k6Duration, KnobError, positiveInt, positiveNumber, type Env } from './knobs.ts'
import type { Grid } from './schedule.ts'

export interface LoadPlan {
  /** The k6 scenario object (executor and its options). */
  scenario: Record<string, unknown>
  /** Events per iteration (BATCH). */
  batch: number
  /** Events the scenario writes when it runs to the end (catalogue excluded). */
  events: number
  grid: Grid
  /** One line for logs and reports, e.g. "1000 events at 33.3/s over 30s". */
  describe: string
}

function batchOf(env: Env): number {
  const batch = positiveInt(env, 'BATCH', '10') ?? 1
  if (batch > 1000) throw new KnobError(`BATCH: at most 1000 events per INSERT (got ${batch}); raise RATE instead`)
  return batch
}

/**
 * VUs for an arrival rate: enough at the start rate for 50 ms per iteration, and a ceiling of four
 * times what the peak rate needs (at least 20); k6 starts the extra ones only when iterations would
 * otherwise be dropped. Starting small matters: every VU is a connection (a pool per VU in k6), and
 * opening dozens at once skews the first seconds of a ramp.
 */
function vus(env: Env, startItersPerSecond: number, peakItersPerSecond: number = startItersPerSecond): { preAllocatedVUs: number; maxVUs: number } {
  const need = (rate: number) => Math.max(2, Math.ceil(rate * 0.05))
  const pre = positiveInt(env, 'VUS', '10') ?? need(startItersPerSecond)
  const max = positiveInt(env, 'MAX_VUS', '50') ?? Math.max(pre, need(peakItersPerSecond) * 4, 20)
  if (max < pre) throw new KnobError(`MAX_VUS (${max}) must be >= VUS (${pre})`)
  return { preAllocatedVUs: pre, maxVUs: max }
}

function rejectKnob(env: Env, name: string, why: string): void {
  const value = env[name]
  if (value !== undefined && value.trim() !== '') throw new KnobError(`${name}: ${why}`)
}

/** A fixed number of events, as fast as the VUs go (smoke). */
export function iterationsLoad(env: Env, defaults: { events: number; vus: number }): LoadPlan {
  rejectKnob(env, 'RATE', 'this scenario runs as fast as it can; use warmup/moderate/stress/extreme for a rate')
  const batch = batchOf(env)
  const events = positiveInt(env, 'EVENTS', '10') ?? defaults.events
  const iterations = Math.ceil(events / batch)
  const vuCount = Math.min(positiveInt(env, 'VUS', '1') ?? defaults.vus, iterations)
  const maxDuration = durationMs(env, 'DURATION', '2m') ?? 600_000
  return {
    scenario: { executor: 'shared-iterations', vus: vuCount, iterations, maxDuration: k6Duration(maxDuration) },
    batch,
    events,
    grid: { kind: 'none' },
    describe: `${events} events, ${vuCount} VU(s), as fast as possible`,
  }
}

/**
 * A constant arrival rate. Any two of EVENTS, RATE (events/s) and DURATION fix the third; a knob
 * left out keeps the scenario's default, rate first (so RATE=100 on stress still writes its 1,000
 * events, and DURATION=5m on soak keeps its rate).
 */
export function constantLoad(env: Env, defaults: { events?: number; rate: number; durationMs?: number }): LoadPlan {
  const batch = batchOf(env)
  let events = positiveInt(env, 'EVENTS', '1000')
  let rate = positiveNumber(env, 'RATE', '33')
  let duration = durationMs(env, 'DURATION', '30s')
  if (events !== undefined && rate !== undefined && duration !== undefined) {
    if (Math.abs(rate * (duration / 1000) - events) > Math.max(1, events * 0.01)) {
      throw new KnobError(`EVENTS=${events}, RATE=${rate} and DURATION=${duration / 1000}s disagree; give only two of them`)
    }
  } else {
    if (rate === undefined && !(events !== undefined && duration !== undefined)) rate = defaults.rate
    if (events === undefined && duration === undefined) {
      if (defaults.events !== undefined) events = defaults.events
      else duration = defaults.durationMs
    }
    if (events === undefined) events = Math.round(rate! * (duration! / 1000))
    if (rate === undefined) rate = events / (duration! / 1000)
    duration = (events / rate) * 1000
  }
  const iterations = Math.ceil(events / batch)
  const intervalMs = duration / iterations
  // k6 (and the node engine) reject a constant-arrival-rate scenario under 1s; the scenario's own
  // duration ends half an interval before the plan's (below), so that is what must reach 1s.
  if (duration - intervalMs / 2 < 1000) {
    throw new KnobError(`EVENTS=${events} at RATE=${rate}/s lasts ${Math.round(duration)} ms; k6 needs a scenario of at least 1s (the last event is due half an interval before its end): lower RATE or raise EVENTS`)
  }
  return {
    // `iterations` per `duration` expresses any fractional rate exactly; stopping half an interval
    // early makes the count exact too (iteration k is due at k * interval, k = 0 .. iterations-1).
    scenario: {
      executor: 'constant-arrival-rate',
      rate: iterations,
      timeUnit: k6Duration(duration),
      duration: k6Duration(duration - intervalMs / 2),
      ...vus(env, iterations / (duration / 1000)),
    },
    batch,
    events,
    grid: { kind: 'constant', intervalMs },
    describe: `${events} events at ${round1(rate)}/s over ${round1(duration / 1000)}s`,
  }
}

/** A ramping arrival rate through `stages` (events/s targets), e.g. a spike or a breakpoint ramp. */
export function rampingLoad(env: Env, opts: { startRate: number; stages: { target: number; durationMs: number }[]; describe: string }): LoadPlan {
  rejectKnob(env, 'EVENTS', 'a ramp writes what its rates and durations give; set RATE/PEAK_RATE/DURATION instead')
  const batch = batchOf(env)
  // k6 wants whole iterations per timeUnit: per second when the rates allow it, else per minute.
  const perSecond = [opts.startRate, ...opts.stages.map((s) => s.target)].every((r) => Number.isInteger(r / batch))
  const unitMs = perSecond ? 1000 : 60_000
  const whole = (eventsPerSecond: number) => Math.round((eventsPerSecond / batch) * (unitMs / 1000))
  const startRate = whole(opts.startRate)
  const stages = opts.stages.map((s) => ({ target: whole(s.target), duration: k6Duration(s.durationMs), durationMs: s.durationMs }))
  const grid: Grid = {
    kind: 'ramping',
    startRate: startRate / unitMs,
    stages: stages.map((s) => ({ target: s.target / unitMs, durationMs: s.durationMs })),
  }
  let area = 0
  let from = startRate / unitMs
  for (const s of grid.stages) {
    area += ((from + s.target) * s.durationMs) / 2
    from = s.target
  }
  const peak = Math.max(opts.startRate, ...opts.stages.map((s) => s.target))
  return {
    scenario: {
      executor: 'ramping-arrival-rate',
      startRate,
      timeUnit: perSecond ? '1s' : '1m',
      stages: stages.map(({ target, duration }) => ({ target, duration })),
      ...vus(env, opts.startRate / batch, peak / batch),
    },
    batch,
    events: Math.floor(area) * batch,
    grid,
    describe: opts.describe,
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}
