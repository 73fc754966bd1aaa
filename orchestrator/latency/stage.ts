// One pipeline stage's latency, three ways: overall, per event type and over time, plus which
// clocks the two ends of the delta were read from (a report must say so: see
// ../shared/reference/pipeline-anchors.md §8, "clock provenance").
import { KeyedLatency, LatencyHistogram, type LatencySummary, type SerializedLatency } from './histogram.ts'
import { IntervalLatency, type SerializedIntervals } from './intervals.ts'

export interface StageClock {
  /** where the start timestamp comes from, e.g. "Postgres created_at (database server clock)" */
  from: string
  /** where the end timestamp comes from */
  to: string
}

export interface SerializedStage {
  name: string
  clock: StageClock
  overall: SerializedLatency
  byType: Record<string, SerializedLatency>
  overTime: SerializedIntervals
}

export interface StageSnapshot {
  name: string
  overall: LatencySummary
  byType: Record<string, LatencySummary>
}

export class StageLatency {
  readonly overall = new LatencyHistogram()
  readonly byType = new KeyedLatency()
  readonly overTime: IntervalLatency

  constructor(
    readonly name: string,
    readonly clock: StageClock,
    options: { intervalMs?: number; maxIntervals?: number } = {},
  ) {
    this.overTime = new IntervalLatency(options.intervalMs, options.maxIntervals)
  }

  /** `startMs`: when the event entered the stage (buckets the over-time series). */
  record(type: string, startMs: number, endMs: number): void {
    const ms = endMs - startMs
    this.overall.record(ms)
    this.byType.record(type, ms)
    this.overTime.record(startMs, ms)
  }

  /** The event entered the stage at `startMs` and had not left it at `cutoffMs`. */
  recordCensored(type: string, startMs: number, cutoffMs: number): void {
    const ms = cutoffMs - startMs
    this.overall.recordCensored(ms)
    this.byType.recordCensored(type, ms)
    this.overTime.recordCensored(startMs, ms)
  }

  snapshot(): StageSnapshot {
    return { name: this.name, overall: this.overall.summary(), byType: this.byType.summaries() }
  }

  serialize(): SerializedStage {
    return { name: this.name, clock: this.clock, overall: this.overall.serialize(), byType: this.byType.serialize(), overTime: this.overTime.serialize() }
  }
}
