// Messages between the tail (main thread) and its fetch workers (tail/worker.ts).
import type { Connections } from '../../stack/connections.ts'
import type { PipelineProfile } from '../profile/schema.ts'
import type { SerializedLatency } from '../latency/histogram.ts'
import type { TailPartitionState } from './types.ts'

export interface WorkerInput {
  kafka: Connections['kafka']
  profile: PipelineProfile
  runId: string
  spillPath: string
  fromBeginning: boolean
  /** this worker reads the partitions p with shareOf(topic, p) === index */
  index: number
  count: number
  clientId: string
}

/** Which worker reads a partition: spread each topic's partitions round-robin. */
export function shareOf(topicIndex: number, partition: number, count: number): number {
  return (topicIndex + partition) % count
}

export interface WorkerCounts {
  records: number
  events: number
  duplicates: number
  otherRuns: number
  unreadable: number
}

export interface WorkerStats {
  counts: WorkerCounts
  byType: Record<string, number>
  timestampTypes: { createTime: number; logAppendTime: number }
  unreadableReasons: Record<string, number>
  /** PG -> Kafka of this worker's first sightings, overall and per type */
  latency: { overall: SerializedLatency; byType: Record<string, SerializedLatency> }
  partitions: TailPartitionState[]
  lag: number
  /** when this worker last read a record (epoch ms, 0 before the first) */
  lastRecordAt: number
  reconnects: number
  lastError?: string
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'stats'; stats: WorkerStats }
  | { type: 'stopped'; stats: WorkerStats; spill: { path: string; records: number; types: string[]; topics: string[] } }
  | { type: 'log'; line: string }
  | { type: 'failed'; message: string }

export type MainMessage = { type: 'stop'; catchUp: boolean; timeoutMs: number }
