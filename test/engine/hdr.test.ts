// Trend storage (HDR, >= 3 significant digits, constant memory) and the exact merge of
// serialized histograms the orchestrator relies on for --workers N.
import { describe, expect, it } from 'vitest'
import { mergeSnapshots, snapshotValues, ValueHistogram, type MetricsSnapshot } from '../../engine/index.ts'

/** k6's percentile: linear interpolation between closest ranks, r = p*(n-1) (metrics/sink.go). */
function exactPercentile(sorted: number[], p: number): number {
  const r = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(r)
  const hi = Math.ceil(r)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (r - lo)
}

function lcg(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

describe('ValueHistogram', () => {
  it('percentiles stay within 0.1% (3 significant digits) of k6 exact interpolation on large samples', () => {
    const rnd = lcg(42)
    const h = new ValueHistogram()
    const values: number[] = []
    for (let i = 0; i < 100_000; i++) {
      // Log-normal-ish latencies from ~0.1 ms to seconds.
      const v = Math.exp(rnd() * 9 - 2)
      values.push(v)
      h.record(v)
    }
    values.sort((a, b) => a - b)
    for (const p of [50, 90, 95, 99, 99.9]) {
      const exact = exactPercentile(values, p)
      expect(Math.abs(h.percentile(p) - exact) / exact, `p(${p})`).toBeLessThan(0.002)
    }
    expect(h.min).toBe(values[0])
    expect(h.max).toBe(values.at(-1))
    expect(h.avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9)
  })

  it('is 0 when empty, the value itself with one sample, and handles negatives', () => {
    expect(new ValueHistogram().percentile(95)).toBe(0)
    const one = new ValueHistogram()
    one.record(12.5)
    expect(one.percentile(50)).toBe(12.5)
    const mixed = new ValueHistogram()
    for (const v of [-10, -5, 0, 5, 10]) mixed.record(v)
    expect(mixed.percentile(0)).toBe(-10)
    expect(mixed.percentile(100)).toBe(10)
    expect(Math.abs(mixed.percentile(50))).toBeLessThanOrEqual(5)
  })

  it('keeps constant memory however many samples it holds', () => {
    const h = new ValueHistogram()
    const rnd = lcg(7)
    for (let i = 0; i < 10_000; i++) h.record(rnd() * 5000)
    const before = h.footprint
    for (let i = 0; i < 1_000_000; i++) h.record(rnd() * 5000)
    expect(h.footprint).toBe(before)
  })

  it('serialized halves merge to exactly the whole', () => {
    const rnd = lcg(3)
    const whole = new ValueHistogram()
    const a = new ValueHistogram()
    const b = new ValueHistogram()
    for (let i = 0; i < 20_000; i++) {
      const v = rnd() * 1000
      whole.record(v)
      ;(i % 2 ? a : b).record(v)
    }
    const merged = ValueHistogram.deserialize(a.serialize())
    merged.mergeSerialized(b.serialize())
    for (const p of [1, 50, 90, 99, 99.99]) expect(merged.percentile(p)).toBe(whole.percentile(p))
    expect(merged.count).toBe(whole.count)
    expect(merged.min).toBe(whole.min)
    expect(merged.max).toBe(whole.max)
  })
})

describe('metric snapshots', () => {
  it('merge counters, rates, gauges and trends exactly', () => {
    const trend = (vals: number[]) => {
      const h = new ValueHistogram()
      vals.forEach((v) => h.record(v))
      return h.serialize()
    }
    const part = (n: number, vals: number[], time: number): MetricsSnapshot => ({
      elapsedMs: 2000,
      metrics: [
        { name: 'iterations', type: 'counter', contains: 'default', sink: { type: 'counter', sum: n, count: n } },
        { name: 'checks', type: 'rate', contains: 'default', sink: { type: 'rate', passes: n - 1, total: n } },
        { name: 'vus', type: 'gauge', contains: 'default', sink: { type: 'gauge', value: n, min: 1, max: n, time, count: 3 } },
        { name: 'lat', type: 'trend', contains: 'time', sink: { type: 'trend', histogram: trend(vals) } },
      ],
    })
    const merged = snapshotValues(mergeSnapshots([part(10, [1, 2, 3], 5), part(30, [4, 5], 9)]), ['min', 'max', 'count', 'avg'])
    expect(merged.iterations).toEqual({ count: 40, rate: 20 })
    expect(merged.checks).toEqual({ rate: 38 / 40, passes: 38, fails: 2 })
    expect(merged.vus).toEqual({ value: 30, min: 1, max: 30 })
    expect(merged.lat).toEqual({ min: 1, max: 5, count: 5, avg: 3 })
  })
})
