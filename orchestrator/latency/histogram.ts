// Latency of one stage as an HDR histogram (microseconds, 3 significant digits, fixed memory
// however many events), with the two kinds of sample that OMB-style tools silently drop kept
// and counted: negative deltas (clock skew between the hosts of two stages; recorded as 0) and
// censored samples (events that never arrived; recorded at the cutoff, a lower bound).
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js'

export const PERCENTILES = [50, 75, 90, 95, 99, 99.9] as const

export interface LatencySummary {
  unit: 'ms'
  /** samples, censored ones included */
  count: number
  /** samples below 0 (recorded as 0) */
  negative: number
  /** events that never arrived, recorded at the cutoff */
  censored: number
  min: number
  max: number
  mean: number
  p50: number
  p75: number
  p90: number
  p95: number
  p99: number
  p999: number
  /**
   * With censored samples, the percentiles at or above this one are lower bounds (the true
   * value is at least what is shown); null when nothing was censored.
   */
  lowerBoundFromPercentile: number | null
}

export interface SerializedLatency extends LatencySummary {
  /** compressed base64 HDR histogram of the values in microseconds */
  hdr: string
}

const US_PER_MS = 1000

function newHistogram(coarse: boolean): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2 ** 24,
    // Over-time buckets are many and only need p50/p95/p99: 2 digits (1%) keep each one ~10 KB.
    numberOfSignificantValueDigits: coarse ? 2 : 3,
    useWebAssembly: false,
  })
}

export class LatencyHistogram {
  #h: Histogram
  #negative = 0
  #censored = 0
  #sum = 0
  #min = Infinity
  #max = -Infinity

  /** `coarse`: 2 significant digits instead of 3, for the many per-interval histograms. */
  constructor(readonly coarse = false) {
    this.#h = newHistogram(coarse)
  }

  get count(): number {
    return this.#h.totalCount
  }

  /** One latency in milliseconds (fractions kept to the microsecond). */
  record(ms: number): void {
    if (!Number.isFinite(ms)) return
    let v = ms
    if (v < 0) {
      this.#negative++
      v = 0
    }
    this.#add(v)
  }

  /** An event that had not arrived `cutoffMs` after it entered the stage. */
  recordCensored(cutoffMs: number): void {
    this.#censored++
    this.#add(Math.max(0, cutoffMs))
  }

  #add(ms: number): void {
    this.#h.recordValue(Math.round(ms * US_PER_MS))
    this.#sum += ms
    if (ms < this.#min) this.#min = ms
    if (ms > this.#max) this.#max = ms
  }

  merge(other: LatencyHistogram): void {
    if (other.count === 0) return
    this.#h.add(other.#h)
    this.#negative += other.#negative
    this.#censored += other.#censored
    this.#sum += other.#sum
    this.#min = Math.min(this.#min, other.#min)
    this.#max = Math.max(this.#max, other.#max)
  }

  percentile(p: number): number {
    if (this.count === 0) return 0
    const v = this.#h.getValueAtPercentile(p) / US_PER_MS
    return Math.min(this.#max, Math.max(this.#min, v))
  }

  summary(): LatencySummary {
    const n = this.count
    const round = (x: number) => Math.round(x * 1000) / 1000
    const p = (q: number) => round(this.percentile(q))
    return {
      unit: 'ms',
      count: n,
      negative: this.#negative,
      censored: this.#censored,
      min: n ? round(this.#min) : 0,
      max: n ? round(this.#max) : 0,
      mean: n ? round(this.#sum / n) : 0,
      p50: p(50),
      p75: p(75),
      p90: p(90),
      p95: p(95),
      p99: p(99),
      p999: p(99.9),
      lowerBoundFromPercentile: this.#censored > 0 ? round((100 * (n - this.#censored)) / n) : null,
    }
  }

  serialize(): SerializedLatency {
    return { ...this.summary(), hdr: encodeIntoCompressedBase64(this.#h) }
  }

  static deserialize(s: SerializedLatency, coarse = false): LatencyHistogram {
    const out = new LatencyHistogram(coarse)
    if (s.count === 0) return out
    out.#h.add(decodeFromCompressedBase64(s.hdr, 32, false))
    out.#negative = s.negative
    out.#censored = s.censored
    out.#sum = s.mean * s.count
    out.#min = s.min
    out.#max = s.max
    return out
  }
}

/** One histogram per key (event type), created on first use. */
export class KeyedLatency {
  readonly #byKey = new Map<string, LatencyHistogram>()

  record(key: string, ms: number): void {
    this.get(key).record(ms)
  }

  recordCensored(key: string, cutoffMs: number): void {
    this.get(key).recordCensored(cutoffMs)
  }

  get(key: string): LatencyHistogram {
    let h = this.#byKey.get(key)
    if (!h) {
      h = new LatencyHistogram()
      this.#byKey.set(key, h)
    }
    return h
  }

  summaries(): Record<string, LatencySummary> {
    return Object.fromEntries([...this.#byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, h]) => [k, h.summary()]))
  }

  serialize(): Record<string, SerializedLatency> {
    return Object.fromEntries([...this.#byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, h]) => [k, h.serialize()]))
  }
}
