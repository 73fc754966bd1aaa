// The live view's lookups per look follow the rate the store just sustained, so a look lasts
// about `lookMs` (the watch's share of the store's time stays bounded) whether lookups are fast
// or slowed by the load; clamped to [min, max]; looks with little to do say nothing of the rate.
import { describe, expect, it } from 'vitest'
import { LookupPacer } from '../../orchestrator/run/lookup-pacer.ts'

const pacer = () => new LookupPacer({ lookMs: 250, min: 50, max: 5_000, initial: 500 })

describe('lookup pacer', () => {
  it('sizes the next look to what fits in lookMs at the measured rate', () => {
    const p = pacer()
    expect(p.budget).toBe(500)
    // 500 lookups in 100 ms: 5 per ms, so 1250 fit in 250 ms
    p.record(500, 100, 1_000)
    expect(p.budget).toBe(1_250)
  })

  it('shrinks when the store slows down (smoothed over looks), down to min', () => {
    const p = pacer()
    p.record(500, 100, 1_000) // 5/ms
    p.record(1_250, 1_250, 2_000) // 1/ms: smoothed (5 + 1) / 2 = 3/ms
    expect(p.budget).toBe(750)
    for (let i = 0; i < 20; i++) p.record(p.budget, p.budget * 100, 3_000 + i) // 0.01/ms
    expect(p.budget).toBe(50)
  })

  it('never exceeds max however fast the store is', () => {
    const p = pacer()
    for (let i = 0; i < 10; i++) p.record(p.budget, 1, 1_000 + i)
    expect(p.budget).toBe(5_000)
  })

  it('a look that used less than half its budget does not change it (it measured latency, not throughput)', () => {
    const p = pacer()
    p.record(100, 50, 1_000)
    expect(p.budget).toBe(500)
  })

  it('reports lookups per second over its window', () => {
    const p = new LookupPacer({ lookMs: 250, min: 1, max: 10_000, initial: 100, windowMs: 10_000 })
    for (let s = 1; s <= 20; s++) p.record(300, 100, s * 1_000)
    // looks of 300 once a second: 300/s, whatever the window holds
    expect(p.perSecond(20_000)).toBeCloseTo(300, 0)
    expect(p.total).toBe(6_000)
    // nothing looked up for longer than the window: 0
    expect(p.perSecond(40_000)).toBe(0)
  })

  it('rejects options that cannot work, naming them', () => {
    expect(() => new LookupPacer({ lookMs: 250, min: 0, max: 10, initial: 5 })).toThrow(/min/)
    expect(() => new LookupPacer({ lookMs: 0, min: 1, max: 10, initial: 5 })).toThrow(/lookMs/)
  })
})
