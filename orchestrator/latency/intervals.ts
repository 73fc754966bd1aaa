// Latency over time: one histogram per time bucket of the event's start (created_at), with a
// bounded number of buckets. When a run outgrows `maxIntervals`, neighbouring buckets merge
// and the width doubles, so a soak of any length keeps the same memory and the report the same
// size, while a short run keeps its fine resolution.
import { LatencyHistogram, type SerializedLatency } from './histogram.ts'

export interface SerializedInterval {
  /** bucket start, ms since the epoch (inclusive) */
  startMs: number
  /** bucket end, ms since the epoch (exclusive) */
  endMs: number
  latency: SerializedLatency
}

export interface SerializedIntervals {
  widthMs: number
  intervals: SerializedInterval[]
}

export class IntervalLatency {
  #widthMs: number
  readonly #buckets = new Map<number, LatencyHistogram>()

  constructor(
    widthMs = 1000,
    readonly maxIntervals = 600,
  ) {
    if (!(widthMs > 0)) throw new Error(`interval width must be > 0 ms (got ${widthMs})`)
    this.#widthMs = widthMs
  }

  get widthMs(): number {
    return this.#widthMs
  }

  record(atMs: number, latencyMs: number): void {
    this.#bucket(atMs)?.record(latencyMs)
  }

  recordCensored(atMs: number, cutoffMs: number): void {
    this.#bucket(atMs)?.recordCensored(cutoffMs)
  }

  #bucket(atMs: number): LatencyHistogram | undefined {
    if (!Number.isFinite(atMs)) return undefined
    let key = Math.floor(atMs / this.#widthMs)
    let h = this.#buckets.get(key)
    if (!h) {
      if (this.#buckets.size >= this.maxIntervals) {
        this.#coarsen()
        key = Math.floor(atMs / this.#widthMs)
        h = this.#buckets.get(key)
      }
      if (!h) {
        h = new LatencyHistogram(true)
        this.#buckets.set(key, h)
      }
    }
    return h
  }

  /** Doubles the width, merging each pair of neighbouring buckets. */
  #coarsen(): void {
    const old = [...this.#buckets]
    this.#buckets.clear()
    this.#widthMs *= 2
    for (const [key, h] of old) {
      const merged = Math.floor(key / 2)
      const into = this.#buckets.get(merged)
      if (into) into.merge(h)
      else this.#buckets.set(merged, h)
    }
  }

  serialize(): SerializedIntervals {
    const keys = [...this.#buckets.keys()].sort((a, b) => a - b)
    return {
      widthMs: this.#widthMs,
      intervals: keys.map((k) => ({ startMs: k * this.#widthMs, endMs: (k + 1) * this.#widthMs, latency: this.#buckets.get(k)!.serialize() })),
    }
  }
}
