// Aggregation per metric type, as k6's sinks: Counter = running sum, Gauge = last value (with
// min/max), Rate = non-zero share, Trend = distribution (HDR, see hdr.ts). Every sink can be
// serialized and merged exactly, so N engine processes add up to one result.
import type { MetricType } from '../host.ts'
import { ValueHistogram, type SerializedHistogram } from './hdr.ts'

export type SinkSnapshot =
  | { readonly type: 'counter'; readonly sum: number; readonly count: number }
  | { readonly type: 'gauge'; readonly value: number; readonly min: number; readonly max: number; readonly time: number; readonly count: number }
  | { readonly type: 'rate'; readonly passes: number; readonly total: number }
  | { readonly type: 'trend'; readonly histogram: SerializedHistogram }

export interface Sink {
  readonly type: MetricType
  /** Number of samples received. */
  readonly count: number
  add(value: number, time: number): void
  snapshot(): SinkSnapshot
  merge(s: SinkSnapshot): void
}

export class CounterSink implements Sink {
  readonly type = 'counter'
  sum = 0
  count = 0
  add(value: number): void {
    this.sum += value
    this.count++
  }
  snapshot(): SinkSnapshot {
    return { type: 'counter', sum: this.sum, count: this.count }
  }
  merge(s: SinkSnapshot): void {
    if (s.type !== 'counter') throw new TypeError(`cannot merge a ${s.type} into a counter`)
    this.sum += s.sum
    this.count += s.count
  }
}

export class GaugeSink implements Sink {
  readonly type = 'gauge'
  value = 0
  min = Infinity
  max = -Infinity
  time = 0
  count = 0
  add(value: number, time: number): void {
    this.value = value
    this.time = time
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    this.count++
  }
  snapshot(): SinkSnapshot {
    return { type: 'gauge', value: this.value, min: this.count ? this.min : 0, max: this.count ? this.max : 0, time: this.time, count: this.count }
  }
  merge(s: SinkSnapshot): void {
    if (s.type !== 'gauge') throw new TypeError(`cannot merge a ${s.type} into a gauge`)
    if (s.count === 0) return
    // Merged gauges of several processes: the latest value wins, extremes combine.
    if (s.time >= this.time) {
      this.value = s.value
      this.time = s.time
    }
    this.min = Math.min(this.min, s.min)
    this.max = Math.max(this.max, s.max)
    this.count += s.count
  }
}

export class RateSink implements Sink {
  readonly type = 'rate'
  passes = 0
  total = 0
  get count(): number {
    return this.total
  }
  add(value: number): void {
    this.total++
    if (value !== 0) this.passes++
  }
  /** passes/total, undefined while empty (k6: an empty Rate has no rate). */
  get rate(): number | undefined {
    return this.total === 0 ? undefined : this.passes / this.total
  }
  snapshot(): SinkSnapshot {
    return { type: 'rate', passes: this.passes, total: this.total }
  }
  merge(s: SinkSnapshot): void {
    if (s.type !== 'rate') throw new TypeError(`cannot merge a ${s.type} into a rate`)
    this.passes += s.passes
    this.total += s.total
  }
}

export class TrendSink implements Sink {
  readonly type = 'trend'
  readonly histogram = new ValueHistogram()
  get count(): number {
    return this.histogram.count
  }
  add(value: number): void {
    this.histogram.record(value)
  }
  snapshot(): SinkSnapshot {
    return { type: 'trend', histogram: this.histogram.serialize() }
  }
  merge(s: SinkSnapshot): void {
    if (s.type !== 'trend') throw new TypeError(`cannot merge a ${s.type} into a trend`)
    this.histogram.mergeSerialized(s.histogram)
  }
}

export function newSink(type: MetricType): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink()
    case 'gauge':
      return new GaugeSink()
    case 'rate':
      return new RateSink()
    case 'trend':
      return new TrendSink()
  }
}
