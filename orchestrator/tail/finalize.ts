// At stop: the spill files (one per fetch worker) sorted by event id give the exact duplicate count and the latency of each
// event's first occurrence (a duplicate's later copy is not a second sample).
import { StageLatency } from '../latency/stage.ts'
import { ExternalSorter, groupByKey } from '../verify/sort/external-sort.ts'
import { readSpill } from './spill.ts'

export interface SpillSummary {
  uniqueEvents: number
  duplicateRecords: number
  duplicateEvents: number
  pgToKafka: StageLatency
  kafkaToTail: StageLatency
  commitToKafka: StageLatency | null
}

export const PG_TO_KAFKA_CLOCK = { from: 'created_at as carried in the record (source database clock)', to: 'Kafka record timestamp (producer clock for CreateTime, broker clock for LogAppendTime)' }
export const KAFKA_TO_TAIL_CLOCK = { from: 'Kafka record timestamp', to: 'first time the tail received the record (tail host clock)' }
export const COMMIT_TO_KAFKA_CLOCK = { from: 'source commit time from the record (e.g. Debezium source.ts_ms, database clock)', to: 'Kafka record timestamp' }

export interface SpillFile {
  path: string
  types: string[]
  topics: string[]
}

export async function summarizeSpill(
  files: readonly SpillFile[],
  options: { dir: string; intervalMs?: number; chunkRecords?: number; withCommitTime: boolean },
): Promise<SpillSummary> {
  const sorter = new ExternalSorter({ dir: options.dir, chunkRecords: options.chunkRecords })
  const stage = { intervalMs: options.intervalMs }
  const out: SpillSummary = {
    uniqueEvents: 0,
    duplicateRecords: 0,
    duplicateEvents: 0,
    pgToKafka: new StageLatency('postgres->kafka', PG_TO_KAFKA_CLOCK, stage),
    kafkaToTail: new StageLatency('kafka->tail', KAFKA_TO_TAIL_CLOCK, stage),
    commitToKafka: options.withCommitTime ? new StageLatency('commit->kafka', COMMIT_TO_KAFKA_CLOCK, stage) : null,
  }
  try {
    for (const f of files) {
      for await (const e of readSpill(f.path, f.types, f.topics)) {
        await sorter.add(e.eventId, `${e.type}\t${e.kafkaTs}\t${e.seenAt}\t${e.createdAt}\t${e.committedAt}`)
      }
    }
    for await (const { values } of groupByKey(sorter.sorted())) {
      out.uniqueEvents++
      if (values.length > 1) {
        out.duplicateEvents++
        out.duplicateRecords += values.length - 1
      }
      const [type = 'unknown', kafkaTs, seenAt, createdAt, committedAt] = values[0]!.split('\t')
      const k = Number(kafkaTs)
      const c = Number(createdAt)
      if (Number.isFinite(c)) out.pgToKafka.record(type, c, k)
      out.kafkaToTail.record(type, k, Number(seenAt))
      const cm = Number(committedAt)
      if (out.commitToKafka && Number.isFinite(cm)) out.commitToKafka.record(type, cm, k)
    }
  } finally {
    await sorter.cleanup()
  }
  return out
}
