// One test per executor, expectations from k6's executor documentation (see
// ../shared/reference/k6-semantics.md §1), not from the engine's own output.
import { describe, expect, it } from 'vitest'
import { rampingVuSteps } from '../../engine/executors/ramping-vus.ts'
import { runFixture } from './support/run.ts'

const run = (options: object, env: Record<string, string> = {}) =>
  runFixture('configurable', { env: { OPTIONS: JSON.stringify(options), ...env } })

const byVu = (samples: { tags: Record<string, string> }[]) => {
  const m = new Map<string, number>()
  for (const s of samples) m.set(s.tags.vu_id!, (m.get(s.tags.vu_id!) ?? 0) + 1)
  return m
}

describe('shared-iterations', () => {
  it('runs exactly `iterations` shared among the VUs and ends early', async () => {
    const r = await run({ scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 10, maxDuration: '30s' } } }, { SLEEP_MS: '20' })
    expect(r.result.exitCode).toBe(0)
    expect(r.sum('iterations')).toBe(10)
    expect(r.sum('started')).toBe(10)
    expect(byVu(r.of('started')).size).toBe(3)
    // Ends when the iterations run out, not at maxDuration.
    expect(r.result.durationMs).toBeLessThan(5000)
    expect(r.of('dropped_iterations')).toHaveLength(0)
  })

  it('at maxDuration reports the never-claimed iterations as ONE dropped_iterations sample', async () => {
    const r = await run(
      { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 100, maxDuration: '1s', gracefulStop: '0s' } } },
      { SLEEP_MS: '100' },
    )
    const dropped = r.of('dropped_iterations')
    expect(dropped).toHaveLength(1)
    expect(dropped[0]!.tags.scenario).toBe('s')
    // Claimed = started; claimed + dropped = all iterations.
    expect(r.sum('started') + dropped[0]!.value).toBe(100)
  })
})

describe('per-vu-iterations', () => {
  it('each VU runs exactly `iterations`', async () => {
    const r = await run({ scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } })
    expect(r.sum('iterations')).toBe(12)
    expect([...byVu(r.of('started')).values()]).toEqual([4, 4, 4])
  })

  it('at maxDuration each VU emits its own dropped_iterations sample', async () => {
    const r = await run(
      { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 50, maxDuration: '1s', gracefulStop: '0s' } } },
      { SLEEP_MS: '100' },
    )
    const dropped = r.of('dropped_iterations')
    expect(dropped).toHaveLength(2)
    expect(r.sum('started') + r.sum('dropped_iterations')).toBe(100)
  })
})

describe('constant-vus', () => {
  it('keeps `vus` VUs looping for `duration`', async () => {
    const r = await run({ scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '1s' } } }, { SLEEP_MS: '100' })
    expect(byVu(r.of('started')).size).toBe(2)
    // 2 VUs x ~10 iterations of 100 ms in 1 s (each starts before the end).
    const n = r.sum('iterations')
    expect(n).toBeGreaterThanOrEqual(16)
    expect(n).toBeLessThanOrEqual(22)
    expect(r.of('vus').at(-1)!.value).toBe(2)
  })

  it('lets an iteration running at the end finish within gracefulStop', async () => {
    const r = await run({ scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '2s' } } }, { SLEEP_MS: '700' })
    // Iterations start at 0 and ~0.7 s; the second ends at ~1.4 s, inside the graceful window.
    expect(r.sum('iterations')).toBe(2)
    expect(r.result.iterationsInterrupted).toBe(0)
  })

  it('interrupts it after gracefulStop: no iteration samples for it', async () => {
    const r = await run({ scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' } } }, { SLEEP_MS: '700' })
    expect(r.sum('iterations')).toBe(1)
    expect(r.of('iteration_duration')).toHaveLength(1)
    expect(r.result.iterationsInterrupted).toBe(1)
  })
})

describe('ramping-vus', () => {
  it('floors on the way up, ceils on the way down (k6 getRawExecutionSteps)', () => {
    expect(rampingVuSteps(0, [{ duration: 1000, target: 2 }, { duration: 1000, target: 0 }])).toEqual([
      { at: 0, vus: 0 },
      { at: 500, vus: 1 },
      { at: 1000, vus: 2 },
      { at: 1500, vus: 1 },
      { at: 2000, vus: 0 },
    ])
    // A 0-duration stage jumps at its start.
    expect(rampingVuSteps(1, [{ duration: 0, target: 5 }])).toEqual([
      { at: 0, vus: 1 },
      { at: 0, vus: 5 },
    ])
  })

  it('starts VUs as the line rises and stops the newest first', async () => {
    const r = await run(
      { scenarios: { s: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 2 }, { duration: '1s', target: 0 }], gracefulRampDown: '0s' } } },
      { SLEEP_MS: '50' },
    )
    expect(r.result.exitCode).toBe(0)
    const firstAndLast = (vu: string) => {
      const t = r.of('started').filter((s) => s.tags.vu_id === vu).map((s) => s.time)
      return [Math.min(...t), Math.max(...t)]
    }
    const [start1, end1] = firstAndLast('1')
    const [start2, end2] = firstAndLast('2')
    // VU 1 starts at 0.5 s, VU 2 at 1 s; VU 2 (newest) stops at 1.5 s, VU 1 at 2 s. The bounds
    // leave room for a loaded machine; the order and the ~500 ms spacing are what matter.
    expect(start2! - start1!).toBeGreaterThan(300)
    expect(start2! - start1!).toBeLessThan(700)
    expect(end1! - end2!).toBeGreaterThan(300)
    expect(end1! - end2!).toBeLessThan(700)
  })
})

describe('constant-arrival-rate', () => {
  it('200/s for 10 s starts 2000 iterations, the first at t=0', async () => {
    const r = await run({ scenarios: { s: { executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '10s', preAllocatedVUs: 10, maxVUs: 10 } } })
    expect(Math.abs(r.sum('iterations') - 2000)).toBeLessThanOrEqual(1)
    expect(r.of('dropped_iterations')).toHaveLength(0)
    const first = Math.min(...r.of('start_offset').map((s) => s.value))
    expect(first).toBeLessThan(50)
    // The lag Trend has one sample per started iteration.
    expect(r.of('iteration_start_lag')).toHaveLength(r.sum('iterations'))
  }, 30_000)

  it('drops an iteration on the spot when no VU is idle, and counts every drop', async () => {
    // Due every 100 ms for 2 s (20 dues); the single VU is busy 250 ms per iteration, so it takes
    // the dues at 0, 300, 600, ... 1800 (7) and the other 13 find no idle VU (50 ms margins).
    const r = await run(
      { scenarios: { s: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '2s', preAllocatedVUs: 1, maxVUs: 1 } } },
      { SLEEP_MS: '250' },
    )
    expect(r.sum('started')).toBe(7)
    expect(r.sum('dropped_iterations')).toBe(13)
    expect(r.of('dropped_iterations').every((s) => s.value === 1)).toBe(true)
    expect(r.logs.some((l) => l.includes('Insufficient VUs'))).toBe(true)
  })

  it('initializes one extra VU (up to maxVUs) after a drop', async () => {
    const r = await run(
      { scenarios: { s: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 2 } } },
      { SLEEP_MS: '60' },
    )
    expect(r.result.vusMax).toBe(2)
    expect(r.of('vus_max').at(-1)!.value).toBe(2)
    expect(r.sum('started') + r.sum('dropped_iterations')).toBe(20)
  })
})

describe('vus under arrival-rate', () => {
  it('counts only VUs running an iteration; vus_max counts initialized ones', async () => {
    const r = await run(
      { scenarios: { s: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '3s', preAllocatedVUs: 5 } } },
      { SLEEP_MS: '20' },
    )
    // 10/s x 20 ms keeps at most one VU busy at a time.
    expect(Math.max(...r.of('vus').map((s) => s.value))).toBeLessThanOrEqual(1)
    expect(r.of('vus_max').at(-1)!.value).toBe(5)
    expect(r.of('vus').every((s) => s.tags.scenario === undefined)).toBe(true)
  })
})

describe('ramping-arrival-rate', () => {
  it('0 -> 10/s over 2 s: 10 iterations, the first when the area reaches 1 (~632 ms)', async () => {
    const r = await run({ scenarios: { s: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '2s', target: 10 }], preAllocatedVUs: 5 } } })
    expect(r.sum('iterations')).toBe(10)
    const first = Math.min(...r.of('start_offset').map((s) => s.value))
    expect(first).toBeGreaterThan(600)
    expect(first).toBeLessThan(800)
  })

  it('a flat stage starts its first iteration at 1/rate, not 0', async () => {
    const r = await run({ scenarios: { s: { executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', stages: [{ duration: '1s', target: 10 }], preAllocatedVUs: 2 } } })
    expect(r.sum('iterations')).toBe(10)
    const first = Math.min(...r.of('start_offset').map((s) => s.value))
    expect(first).toBeGreaterThan(90)
    expect(first).toBeLessThan(200)
  })
})
