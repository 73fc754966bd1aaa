// Trend storage: an HDR histogram (3 significant digits, fixed memory however long the run)
// instead of k6's list of every raw value. Values are scaled to integers (1/1000 of the unit,
// i.e. microseconds for time trends); negatives go to a mirror histogram. count, sum, min and
// max are kept exactly, and percentiles are clamped to [min, max].
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js'

export const HDR_SCALE = 1000
export const HDR_SIGNIFICANT_DIGITS = 3

/** Serialized form, exact to merge (the orchestrator merges worker results with it). */
export interface SerializedHistogram {
  readonly count: number
  readonly sum: number
  readonly min: number
  readonly max: number
  /** Compressed base64 HDR of the values >= 0 (scaled by HDR_SCALE). */
  readonly positive: string
  /** Same, for the magnitudes of negative values; omitted when none. */
  readonly negative?: string
}

function newHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2 ** 20,
    numberOfSignificantValueDigits: HDR_SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  })
}

export class ValueHistogram {
  count = 0
  sum = 0
  min = Infinity
  max = -Infinity
  #positive: Histogram = newHistogram()
  #negative: Histogram | undefined

  record(value: number): void {
    this.count++
    this.sum += value
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    if (value >= 0) {
      this.#positive.recordValue(Math.round(value * HDR_SCALE))
    } else {
      this.#negative ??= newHistogram()
      this.#negative.recordValue(Math.round(-value * HDR_SCALE))
    }
  }

  /** Value at percentile `p` (0..100); 0 when empty, like k6. */
  percentile(p: number): number {
    if (this.count === 0) return 0
    if (this.count === 1 || p <= 0) return p <= 0 ? this.min : this.max
    if (p >= 100) return this.max
    const negCount = this.#negative?.totalCount ?? 0
    const rank = (p / 100) * this.count
    let v: number
    if (negCount > 0 && rank <= negCount) {
      // Ranks inside the negative part: walk that mirror from its large magnitudes down.
      const q = 100 * (1 - rank / negCount)
      v = -this.#negative!.getValueAtPercentile(Math.max(0, Math.min(100, q))) / HDR_SCALE
    } else {
      const posCount = this.count - negCount
      const q = (100 * (rank - negCount)) / posCount
      v = this.#positive.getValueAtPercentile(Math.max(0, Math.min(100, q))) / HDR_SCALE
    }
    return Math.min(this.max, Math.max(this.min, v))
  }

  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count
  }

  serialize(): SerializedHistogram {
    const base = {
      count: this.count,
      sum: this.sum,
      min: this.count === 0 ? 0 : this.min,
      max: this.count === 0 ? 0 : this.max,
      positive: encodeIntoCompressedBase64(this.#positive),
    }
    return this.#negative ? { ...base, negative: encodeIntoCompressedBase64(this.#negative) } : base
  }

  static deserialize(s: SerializedHistogram): ValueHistogram {
    const h = new ValueHistogram()
    h.mergeSerialized(s)
    return h
  }

  /** Adds another histogram's values (exactly: HDR buckets add). */
  mergeSerialized(s: SerializedHistogram): void {
    if (s.count === 0) return
    this.count += s.count
    this.sum += s.sum
    this.min = Math.min(this.min, s.min)
    this.max = Math.max(this.max, s.max)
    const pos = decodeFromCompressedBase64(s.positive, 32, false)
    this.#positive.add(pos)
    pos.destroy()
    if (s.negative) {
      const neg = decodeFromCompressedBase64(s.negative, 32, false)
      this.#negative ??= newHistogram()
      this.#negative.add(neg)
      neg.destroy()
    }
  }

  /** Bytes held by the histogram(s); constant once the value range is covered. */
  get footprint(): number {
    return this.#positive.estimatedFootprintInBytes + (this.#negative?.estimatedFootprintInBytes ?? 0)
  }
}
