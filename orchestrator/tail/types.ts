// The Kafka tail's API: what a run starts, reads live, and keeps. docs/verifier.md explains
// the design (direct partition assignment, spill file, histograms).
import type { LatencySummary } from '../latency/histogram.ts'
import type { SerializedStage } from '../latency/stage.ts'
import type { PipelineProfile } from '../profile/schema.ts'
import type { Connections } from '../../stack/connections.ts'

export interface TailOptions {
  connections: Pick<Connections, 'kafka'>
  profile: PipelineProfile
  runId: string
  /** The run's report directory: tail.json and the per-event spill files (tail-events-<n>.bin) go here. */
  dir: string
  signal?: AbortSignal
  /** Start of the partitions instead of their end offsets (re-tail a finished run). Default false. */
  fromBeginning?: boolean
  /** Width of the over-time buckets (default 1000 ms; they coarsen to stay <= 600). */
  intervalMs?: number
  /** Called with a live snapshot every `progressMs` (default 1000). */
  onProgress?: (stats: TailStats) => void
  progressMs?: number
  /** Diagnostics (connection lost, partitions added); secrets are never in them. */
  log?: (line: string) => void
  /** Fetch worker threads sharing the partitions (default: 2, or 1 on a single core). */
  workers?: number
}

export interface TailPartitionState {
  topic: string
  partition: number
  /** where the tail started (end offset listed before the load, or 0 for a partition created later) */
  startOffset: string
  /** next offset the tail will read */
  position: string
  /** last high watermark seen */
  highWatermark: string
}

export interface TailStats {
  runId: string
  /** ms since the epoch, tail clock */
  startedAt: number
  elapsedMs: number
  /** every record read, of any run */
  records: number
  /** records of this run (duplicates included) */
  events: number
  /** records of this run whose event id was already seen (exact in the final result; a recent window live) */
  duplicates: number
  /** records of other runs (skipped) */
  otherRuns: number
  /** records whose event id or run id could not be read (tombstones, other formats) */
  unreadable: number
  byType: Record<string, number>
  /** PG -> Kafka latency (Kafka record timestamp - created_at) */
  pgToKafka: { overall: LatencySummary; byType: Record<string, LatencySummary> }
  /** records behind the high watermarks */
  lag: number
  /** when the tail last read a record, epoch ms (0 before the first) */
  lastRecordAt: number
  partitions: TailPartitionState[]
  /** the broker connection was lost and re-established this many times */
  reconnects: number
  lastError?: string
}

export const TAIL_SPILL_FORMAT = 'eventload-tail-v1'

export interface TailSpillFile {
  /** relative to the directory holding tail.json */
  file: string
  /** absolute path when it was written (used when the result is passed in memory) */
  path: string
  records: number
  /** the file stores indexes into these tables */
  types: string[]
  topics: string[]
}

export interface TailResult {
  version: 1
  runId: string
  profile: string
  topics: string[]
  startedAt: number
  stoppedAt: number
  counts: {
    records: number
    events: number
    /** distinct event ids of this run seen in Kafka */
    uniqueEvents: number
    /** records beyond the first per event id */
    duplicateRecords: number
    /** event ids seen more than once */
    duplicateEvents: number
    otherRuns: number
    unreadable: number
  }
  byType: Record<string, number>
  /** record timestamp types seen: CreateTime (producer clock) or LogAppendTime (broker clock) */
  timestampTypes: { createTime: number; logAppendTime: number }
  partitions: TailPartitionState[]
  /** Kafka record timestamp - created_at, per event (first occurrence) */
  pgToKafka: SerializedStage
  /** tail receive time - Kafka record timestamp (how far behind the tail read) */
  kafkaToTail: SerializedStage
  /** Kafka record timestamp - source commit time, when the profile reads one (Debezium source.ts_ms) */
  commitToKafka?: SerializedStage
  /**
   * Every record of the run, one fixed-layout entry each, in arrival order per fetch worker
   * (orchestrator/tail/spill.ts).
   */
  spill: {
    format: typeof TAIL_SPILL_FORMAT
    records: number
    files: TailSpillFile[]
  }
  reconnects: number
  notes: string[]
}

export interface Tail {
  /** Resolves once the end offsets were taken and fetching started: start the load after this. */
  readonly ready: Promise<void>
  stats(): TailStats
  /**
   * Stops the tail. With `catchUp` (default true) it first reads up to the high watermarks of
   * the moment (bounded by `timeoutMs`, default 30 s). Returns the result; also written to
   * `<dir>/tail.json`. Idempotent.
   */
  stop(options?: { catchUp?: boolean; timeoutMs?: number }): Promise<TailResult>
}
