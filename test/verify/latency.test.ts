import { describe, expect, it } from 'vitest'
import { LatencyHistogram } from '../../orchestrator/latency/histogram.ts'
import { IntervalLatency } from '../../orchestrator/latency/intervals.ts'
import { StageLatency } from '../../orchestrator/latency/stage.ts'

describe('LatencyHistogram', () => {
  it('percentiles to 3 significant digits, counts and mean exact', () => {
    const h = new LatencyHistogram()
    for (let i = 1; i <= 1000; i++) h.record(i)
    const s = h.summary()
    expect(s.count).toBe(1000)
    expect(s.mean).toBeCloseTo(500.5, 6)
    expect(s.p50).toBeGreaterThanOrEqual(499.5)
    expect(s.p50).toBeLessThanOrEqual(501)
    expect(s.p99).toBeGreaterThanOrEqual(989)
    expect(s.p99).toBeLessThanOrEqual(991)
    expect(s.max).toBe(1000)
    expect(s.lowerBoundFromPercentile).toBeNull()
  })

  it('counts negative deltas (recorded as 0) and censored samples (recorded at the cutoff)', () => {
    const h = new LatencyHistogram()
    for (let i = 0; i < 90; i++) h.record(10)
    h.record(-3)
    for (let i = 0; i < 9; i++) h.recordCensored(5000)
    const s = h.summary()
    expect(s).toMatchObject({ count: 100, negative: 1, censored: 9, min: 0, max: 5000, lowerBoundFromPercentile: 91 })
    expect(s.p95).toBeGreaterThanOrEqual(4990) // the censored tail is visible, not dropped
  })

  it('survives serialisation and merges exactly', () => {
    const a = new LatencyHistogram()
    const b = new LatencyHistogram()
    for (let i = 0; i < 100; i++) a.record(i)
    for (let i = 100; i < 200; i++) b.record(i)
    const back = LatencyHistogram.deserialize(a.serialize())
    back.merge(b)
    expect(back.count).toBe(200)
    expect(back.summary().max).toBe(199)
    expect(back.summary().p50).toBeCloseTo(99.5, 0)
  })
})

describe('IntervalLatency', () => {
  it('buckets by start time and coarsens instead of growing past maxIntervals', () => {
    const series = new IntervalLatency(1000, 4)
    for (let s = 0; s < 16; s++) series.record(s * 1000 + 1, s)
    const out = series.serialize()
    expect(out.intervals.length).toBeLessThanOrEqual(4)
    expect(out.widthMs).toBe(4000)
    expect(out.intervals.reduce((n, i) => n + i.latency.count, 0)).toBe(16)
    expect(out.intervals[0]).toMatchObject({ startMs: 0, endMs: 4000 })
  })
})

describe('StageLatency', () => {
  it('records per type and over time, and states its clocks', () => {
    const s = new StageLatency('x', { from: 'a', to: 'b' })
    s.record('t1', 1000, 1010)
    s.record('t2', 1000, 1030)
    s.recordCensored('t2', 2000, 9000)
    const out = s.serialize()
    expect(out.clock).toEqual({ from: 'a', to: 'b' })
    expect(out.byType.t1!.count).toBe(1)
    expect(out.byType.t2).toMatchObject({ count: 2, censored: 1 })
    expect(out.overall.count).toBe(3)
  })
})
