// Latency distributions for the dashboard and reports: HDR histograms (3 significant digits,
// constant memory however long the run), values in ms stored as integer microseconds, so
// percentiles come from the full distribution and interval histograms can be logged raw.
import { build, type Histogram } from 'hdr-histogram-js'

export const US_PER_MS = 1000
const BIN_BASE_MS = 0.01
const BIN_RATIO = 1.25

export function newHistogram(): Histogram {
  return build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 30, numberOfSignificantValueDigits: 3, useWebAssembly: false })
}

export interface Percentiles {
  count: number
  min: number
  max: number
  avg: number
  p50: number
  p90: number
  p95: number
  p99: number
  p999: number
}

export class LatencyHistogram {
  readonly hdr: Histogram = newHistogram()
  sum = 0
  #bins = new Map<number, number>()
  /** Samples below zero (clock skew between stages): counted, not recorded. */
  negative = 0

  record(ms: number): void {
    if (!Number.isFinite(ms)) return
    if (ms < 0) {
      this.negative++
      return
    }
    const bin = ms <= BIN_BASE_MS ? 0 : Math.floor(Math.log(ms / BIN_BASE_MS) / Math.log(BIN_RATIO))
    this.#bins.set(bin, (this.#bins.get(bin) ?? 0) + 1)
    this.hdr.recordValue(Math.max(1, Math.round(ms * US_PER_MS)))
    this.sum += ms
  }

  get count(): number {
    return this.hdr.totalCount
  }

  percentile(p: number): number {
    return this.count === 0 ? 0 : this.hdr.getValueAtPercentile(p) / US_PER_MS
  }

  summary(): Percentiles {
    const n = this.count
    return {
      count: n,
      min: n ? this.hdr.minNonZeroValue / US_PER_MS : 0,
      max: n ? this.hdr.maxValue / US_PER_MS : 0,
      avg: n ? this.sum / n : 0,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
    }
  }

  /** Counts in log-spaced bins (x1.25 from 10 µs) for the report's histogram chart. */
  bins(): { le: number; count: number }[] {
    return [...this.#bins].sort((a, b) => a[0] - b[0]).map(([i, count]) => ({ le: BIN_BASE_MS * Math.pow(BIN_RATIO, i + 1), count }))
  }

  reset(): void {
    this.hdr.reset()
    this.sum = 0
    this.negative = 0
    this.#bins.clear()
  }
}
