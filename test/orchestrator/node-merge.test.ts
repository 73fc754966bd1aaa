// --workers N: merging the workers' serialized HDR histograms gives the same percentiles as one
// histogram of all the samples (exact merge, not an average of percentiles), and thresholds are
// judged on the merged data.
import { describe, expect, it } from 'vitest'
import { ValueHistogram, type RunResult } from '../../engine/index.ts'
import { mergeWorkerResults } from '../../orchestrator/engines/node-merge.ts'

function worker(values: number[], exitCode = 0): RunResult {
  const h = new ValueHistogram()
  for (const v of values) h.record(v)
  return {
    exitCode,
    durationMs: 1000,
    thresholds: [],
    unawaited: [],
    iterationsCompleted: values.length,
    iterationsInterrupted: 0,
    vusMax: 1,
    executionSegment: '0:1',
    executionSegmentSequence: '0,1',
    metrics: {
      elapsedMs: 1000,
      metrics: [
        { name: 'insert_duration', type: 'trend', contains: 'time', sink: { type: 'trend', histogram: h.serialize() } },
        { name: 'events_written', type: 'counter', contains: 'default', sink: { type: 'counter', sum: values.length, count: values.length } },
      ],
    },
    summary: {
      root_group: { name: '', path: '', id: 'x', groups: [], checks: [] },
      options: { summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'], summaryTimeUnit: '', noColor: true },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
      metrics: {
        insert_duration: { type: 'trend', contains: 'time', values: {}, thresholds: { 'p(99)<50': { ok: true } } },
      },
    },
  }
}

describe('node engine workers: merge', () => {
  it('merged percentiles equal those of one histogram of all samples', () => {
    // Worker 1 fast, worker 2 slow: the average of their p(99)s is far from the true p(99).
    const fast = Array.from({ length: 900 }, (_, i) => 1 + (i % 10) * 0.1)
    const slow = Array.from({ length: 100 }, (_, i) => 60 + i)
    const all = new ValueHistogram()
    for (const v of [...fast, ...slow]) all.record(v)
    const merged = mergeWorkerResults([worker(fast), worker(slow)])
    const values = merged.summary!.metrics.insert_duration!.values
    expect(values['p(99)']).toBeCloseTo(all.percentile(99), 6)
    expect(values['p(90)']).toBeCloseTo(all.percentile(90), 6)
    expect(values.max).toBe(159)
    expect(merged.summary!.metrics.events_written!.values.count).toBe(1000)
    // Each worker alone passes p(99)<50? The slow one does not; the merged run is judged as one.
    expect(merged.summary!.metrics.insert_duration!.thresholds!['p(99)<50']).toEqual({ ok: false })
    expect(merged.exitCode).toBe(99)
    expect(merged.summaryText).toContain('insert_duration')
  })

  it('a script error in any worker decides the exit code', () => {
    expect(mergeWorkerResults([worker([1]), worker([2], 107)]).exitCode).toBe(107)
  })
})
