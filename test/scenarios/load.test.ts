import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../scenarios/lib/knobs.ts'
import { constantLoad, iterationsLoad, rampingLoad, type LoadPlan } from '../../scenarios/lib/load.ts'
import { rampArea, rampTimeOfArea, scheduledOffset } from '../../scenarios/lib/schedule.ts'
import { defaultThresholds } from '../../scenarios/lib/thresholds.ts'

// k6's constant-arrival-rate starts iteration k at k * timeUnit / rate and starts none at or after
// `duration` (k6-semantics.md §1.6): the number of iterations a plan really gets from k6.
function k6Iterations(plan: LoadPlan): number {
  const s = plan.scenario as { rate: number; timeUnit: string; duration: string }
  const interval = parseDuration(s.timeUnit)! / s.rate
  return Math.ceil(parseDuration(s.duration)! / interval)
}

describe('constant arrival plans', () => {
  it.each([
    ['warmup', { events: 10, rate: 2 }, 10, 5],
    ['moderate', { events: 100, rate: 7 }, 100, 14.3],
    ['stress', { events: 1000, rate: 33 }, 1000, 30.3],
    ['extreme', { events: 10_000, rate: 167 }, 10_000, 59.9],
  ] as const)('%s writes exactly its events at its rate', (_name, defaults, events, seconds) => {
    const plan = constantLoad({}, defaults)
    expect(plan.events).toBe(events)
    expect(k6Iterations(plan)).toBe(events)
    expect(parseDuration((plan.scenario as { timeUnit: string }).timeUnit)! / 1000).toBeCloseTo(seconds, 1)
    expect(plan.scenario.executor).toBe('constant-arrival-rate')
  })

  it('keeps the exact count with batches, including a partial last batch', () => {
    const plan = constantLoad({ BATCH: '7' }, { events: 1000, rate: 33 })
    expect(plan.batch).toBe(7)
    expect(k6Iterations(plan)).toBe(Math.ceil(1000 / 7))
  })

  it('lets a knob override the level and keeps the others (rate first)', () => {
    expect(constantLoad({ RATE: '100' }, { events: 1000, rate: 33 })).toMatchObject({ events: 1000, describe: '1000 events at 100/s over 10s' })
    expect(constantLoad({ DURATION: '60s' }, { events: 1000, rate: 33 })).toMatchObject({ events: 1980 })
    expect(constantLoad({ EVENTS: '66' }, { events: 1000, rate: 33 })).toMatchObject({ events: 66, describe: '66 events at 33/s over 2s' })
    expect(constantLoad({ EVENTS: '500', DURATION: '10s' }, { events: 1000, rate: 33 })).toMatchObject({ events: 500, describe: '500 events at 50/s over 10s' })
    const soak = constantLoad({ DURATION: '2m' }, { rate: 50, durationMs: 7_200_000 })
    expect(soak.events).toBe(6000)
    expect(k6Iterations(soak)).toBe(6000)
  })

  it('rejects contradictions and runs shorter than k6 allows, naming the knobs', () => {
    expect(() => constantLoad({ EVENTS: '100', RATE: '10', DURATION: '20s' }, { rate: 1, events: 1 })).toThrow(/EVENTS=100, RATE=10 and DURATION=20s disagree/)
    expect(() => constantLoad({ EVENTS: '1', RATE: '2' }, { rate: 1, events: 1 })).toThrow(/at least 1s/)
    // 50 events at 50/s plan exactly 1s, but the k6 scenario ends half an interval earlier (990ms),
    // which k6 rejects (exit 104): caught here as a knob error instead.
    expect(() => constantLoad({ EVENTS: '50', RATE: '50' }, { rate: 1, events: 1 })).toThrow(/at least 1s/)
    const ok = constantLoad({ EVENTS: '51', RATE: '50' }, { rate: 1, events: 1 })
    expect(parseDuration((ok.scenario as { duration: string }).duration)).toBeGreaterThanOrEqual(1000)
    expect(() => constantLoad({ RATE: 'fast' }, { rate: 1, events: 1 })).toThrow(/RATE: expected a positive number \(e\.g\. RATE=33\), got "fast"/)
    expect(() => constantLoad({ BATCH: '5000' }, { rate: 1, events: 10 })).toThrow(/BATCH: at most 1000/)
    expect(() => constantLoad({ VUS: '10', MAX_VUS: '5' }, { rate: 1, events: 10 })).toThrow(/MAX_VUS \(5\) must be >= VUS \(10\)/)
    expect(() => constantLoad({ DURATION: 'soon' }, { rate: 1, events: 10 })).toThrow(/DURATION: expected a duration/)
  })

  it('sizes VUs from the rate unless VUS/MAX_VUS say otherwise', () => {
    expect(constantLoad({}, { events: 10_000, rate: 167 }).scenario).toMatchObject({ preAllocatedVUs: 9, maxVUs: 36 })
    expect(constantLoad({ VUS: '3', MAX_VUS: '4' }, { events: 100, rate: 7 }).scenario).toMatchObject({ preAllocatedVUs: 3, maxVUs: 4 })
  })
})

describe('smoke plan', () => {
  it('runs its events as shared iterations and refuses a rate', () => {
    expect(iterationsLoad({}, { events: 10, vus: 1 }).scenario).toEqual({ executor: 'shared-iterations', vus: 1, iterations: 10, maxDuration: '600000ms' })
    expect(iterationsLoad({ EVENTS: '25', BATCH: '10', VUS: '5' }, { events: 10, vus: 1 }).scenario).toMatchObject({ vus: 3, iterations: 3 })
    expect(() => iterationsLoad({ RATE: '5' }, { events: 10, vus: 1 })).toThrow(/RATE: this scenario runs as fast as it can/)
  })
})

describe('ramping plans', () => {
  const spike = rampingLoad({}, {
    startRate: 10,
    stages: [{ target: 10, durationMs: 30_000 }, { target: 100, durationMs: 10_000 }, { target: 100, durationMs: 30_000 }],
    describe: 'spike',
  })

  it('turns events/s into whole iterations per timeUnit', () => {
    expect(spike.scenario).toMatchObject({ executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', stages: [{ target: 10, duration: '30000ms' }, { target: 100, duration: '10000ms' }, { target: 100, duration: '30000ms' }] })
    expect(spike.events).toBe(10 * 30 + 550 + 3000)
    const perMinute = rampingLoad({ BATCH: '4' }, { startRate: 10, stages: [{ target: 30, durationMs: 60_000 }], describe: 'x' })
    expect(perMinute.scenario).toMatchObject({ timeUnit: '1m', startRate: 150, stages: [{ target: 450 }] })
  })

  it('starts with the VUs the start rate needs and lets k6 add up to what the peak needs', () => {
    const ramp = rampingLoad({}, { startRate: 20, stages: [{ target: 2000, durationMs: 600_000 }], describe: 'x' })
    expect(ramp.scenario).toMatchObject({ preAllocatedVUs: 2, maxVUs: 400 })
  })

  it('refuses EVENTS, which a ramp does not take', () => {
    expect(() => rampingLoad({ EVENTS: '10' }, { startRate: 1, stages: [{ target: 2, durationMs: 1000 }], describe: 'x' })).toThrow(/EVENTS: a ramp writes/)
  })
})

describe('scheduled_at grid', () => {
  it('puts an iteration on the latest constant-rate slot at or before its start', () => {
    const grid = { kind: 'constant', intervalMs: 100 } as const
    expect(scheduledOffset(grid, 0)).toBe(0)
    expect(scheduledOffset(grid, 100.4)).toBe(100)
    expect(scheduledOffset(grid, 350)).toBe(300)
    // Seen a fraction of a millisecond before its slot (clock disagreement): that slot, at its start.
    expect(scheduledOffset(grid, 399.4)).toBe(399.4)
    expect(scheduledOffset(grid, 398)).toBe(398)
    expect(scheduledOffset(grid, 397)).toBe(300)
  })

  it('follows k6 ramping-arrival-rate: 0 -> 10/s over 10 s starts the first iteration at about 1.41 s', () => {
    // k6-semantics.md §1.7: the n-th iteration starts when the area under the rate reaches n.
    const grid = { kind: 'ramping', startRate: 0, stages: [{ target: 10 / 1000, durationMs: 10_000 }] } as const
    expect(rampTimeOfArea(grid, 1)).toBeCloseTo(1414.2, 0)
    expect(scheduledOffset(grid, 1500)).toBeCloseTo(1414.2, 0)
    const flat = { kind: 'ramping', startRate: 5 / 1000, stages: [{ target: 5 / 1000, durationMs: 10_000 }] } as const
    expect(rampTimeOfArea(flat, 1)).toBeCloseTo(200, 6)
    for (const t of [1234, 5000, 9999]) expect(rampTimeOfArea(grid, rampArea(grid, t))).toBeCloseTo(t, 3)
    const down = { kind: 'ramping', startRate: 0.1, stages: [{ target: 0.01, durationMs: 10_000 }] } as const
    for (const t of [10, 4000, 9000]) expect(rampTimeOfArea(down, rampArea(down, t))).toBeCloseTo(t, 3)
  })

  it('uses the iteration start itself when there is no schedule (shared iterations)', () => {
    expect(scheduledOffset({ kind: 'none' }, 1234.5)).toBe(1234.5)
  })
})

describe('thresholds', () => {
  it('encode the seed criteria by default and each can be changed or dropped', () => {
    expect(defaultThresholds({})).toEqual({
      insert_duration: ['p(50)<30', 'p(95)<100', 'p(99)<200'],
      insert_errors: ['rate<0.001'],
    })
    expect(defaultThresholds({ INSERT_P95_MS: '250', INSERT_P50_MS: 'off', MAX_ERROR_RATE: 'off' })).toEqual({
      insert_duration: ['p(95)<250', 'p(99)<200'],
    })
    expect(defaultThresholds({}, { abortOnFail: true }).insert_errors).toEqual([{ threshold: 'rate<0.001', abortOnFail: true, delayAbortEval: '10s' }])
    expect(() => defaultThresholds({ INSERT_P99_MS: 'low' })).toThrow(/INSERT_P99_MS: expected a number or "off"/)
  })
})

describe('durations', () => {
  it('reads k6-style durations, bare numbers as seconds', () => {
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('2h')).toBe(7_200_000)
    expect(parseDuration('1.5s')).toBe(1500)
    expect(parseDuration('30')).toBe(30_000)
    expect(parseDuration('30 s')).toBeUndefined()
  })
})
