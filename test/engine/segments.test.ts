// Execution segments (semantics §5, pitfall 21): k6's striping, integer scaling that always
// sums to the whole, and N segmented runs that together run exactly the unsplit test.
import { describe, expect, it } from 'vitest'
import { resolveSegment, tupleFromValue } from '../../engine/segments/striping.ts'
import { runFixture } from './support/run.ts'

describe('striping', () => {
  it('50%/25%/25% gives 0,2,4.. / 1,5,9.. / 3,7,11.. (k6 docs example)', () => {
    const seq = '0,1/2,3/4,1'
    const take = (seg: string) => {
      const t = resolveSegment(seg, seq).tuple
      return Array.from({ length: 3 }, (_, k) => t.globalIndex(k))
    }
    expect(take('0:1/2')).toEqual([0, 2, 4])
    expect(take('1/2:3/4')).toEqual([1, 5, 9])
    expect(take('3/4:1')).toEqual([3, 7, 11])
  })

  it('scaled integers of all segments always sum to the original', () => {
    for (const seq of ['0,1/2,1', '0,1/3,2/3,1', '0,0.25,50%,0.9,1', '0,1/7,3/7,1']) {
      const points = seq.split(',')
      const segs = points.slice(1).map((p, i) => `${points[i]}:${p}`)
      for (const value of [0, 1, 2, 3, 5, 7, 10, 99, 1000]) {
        const sum = segs.reduce((a, s) => a + resolveSegment(s, seq).tuple.scale(value), 0)
        expect(sum, `${seq} ${value}`).toBe(value)
      }
    }
  })

  it('a second quantity split by the first: an instance with 0 VUs gets 0 iterations', () => {
    const seq = '0,1/3,2/3,1'
    const shares = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => {
      const setup = resolveSegment(s, seq)
      return [setup.tuple.scale(2), tupleFromValue(setup, 2).scale(10)]
    })
    expect(shares.reduce((a, [v]) => a + v!, 0)).toBe(2)
    expect(shares.reduce((a, [, i]) => a + i!, 0)).toBe(10)
    for (const [vus, its] of shares) if (vus === 0) expect(its).toBe(0)
  })

  it('validates segment syntax and membership in the sequence', () => {
    expect(() => resolveSegment('1/2:1/4')).toThrow(/0 <= from < to <= 1/)
    expect(() => resolveSegment('0:1/3', '0,1/2,1')).toThrow(/not one of the segments/)
    expect(resolveSegment('1/2').segment.to.toString()).toBe('1/2')
  })
})

describe('segmented runs add up to the unsplit run', () => {
  const arrival = { scenarios: { s: { executor: 'constant-arrival-rate', rate: 100, timeUnit: '1s', duration: '2s', preAllocatedVUs: 10, maxVUs: 10 } } }
  const run = (options: object, cli: Record<string, unknown> = {}) => runFixture('configurable', { env: { OPTIONS: JSON.stringify(options) }, cli })

  it('constant-arrival-rate: 0:1/2 + 1/2:1 = unsplit, disjoint global iterations at their global due times', async () => {
    const seq = '0,1/2,1'
    const [whole, a, b] = await Promise.all([
      run(arrival),
      run(arrival, { executionSegment: '0:1/2', executionSegmentSequence: seq }),
      run(arrival, { executionSegment: '1/2:1', executionSegmentSequence: seq }),
    ])
    expect(whole.sum('iterations')).toBe(200)
    expect(a.sum('iterations') + b.sum('iterations')).toBe(200)
    const idx = (r: typeof a) => r.of('started').map((s) => Number(s.tags.iter_test))
    const all = [...idx(a), ...idx(b)].sort((x, y) => x - y)
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i))
    // Instance a owns the even indices; index 2k is due at 2k * 10 ms.
    expect(idx(a).every((i) => i % 2 === 0)).toBe(true)
    const offsets = a.of('start_offset').map((s) => s.value)
    expect(Math.max(...offsets)).toBeGreaterThan(1900)
    // VU ids are unique test-wide.
    const vuIds = new Set([...a.of('started'), ...b.of('started')].map((s) => `${s.tags.vu_test}`))
    expect(a.result.vusMax + b.result.vusMax).toBe(10)
    expect(vuIds.size).toBeLessThanOrEqual(10)
    expect(a.result.executionSegment).toBe('0:1/2')
  })

  it('shared-iterations split in three: VUs and iterations sum to the originals', async () => {
    const options = { scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 10 } } }
    const seq = '0,1/3,2/3,1'
    const parts = await Promise.all(['0:1/3', '1/3:2/3', '2/3:1'].map((s) => run(options, { executionSegment: s, executionSegmentSequence: seq })))
    expect(parts.reduce((a, p) => a + p.sum('iterations'), 0)).toBe(10)
    expect(parts.reduce((a, p) => a + p.result.vusMax, 0)).toBe(3)
    const ids = parts.flatMap((p) => p.of('started').map((s) => s.tags.vu_test))
    expect(new Set(ids)).toEqual(new Set(['1', '2', '3']))
  })

  it('per-vu-iterations: only vus is split, the per-VU count stays', async () => {
    const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 4, iterations: 3 } } }
    const seq = '0,1/2,1'
    const parts = await Promise.all(['0:1/2', '1/2:1'].map((s) => run(options, { executionSegment: s, executionSegmentSequence: seq })))
    expect(parts.map((p) => p.sum('iterations'))).toEqual([6, 6])
  })
})
