// The Kafka tail: follows the profile's topics from the end offsets taken before the load, times
// every event of the run as it reaches Kafka, and keeps a per-event view on disk for the
// verifier. Usage (the orchestrator, or `npm run tail`):
//   const tail = startTail({ connections, profile, runId, dir })
//   await tail.ready          // end offsets taken: start the load
//   tail.stats()              // live counts and PG -> Kafka percentiles
//   const result = await tail.stop()   // catches up, writes <dir>/tail.json
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { KeyedLatency, LatencyHistogram } from '../latency/histogram.ts'
import { DedupeWindow } from './dedupe-window.ts'
import { PartitionFetcher, type FetchedRecord, type PartitionPosition } from './fetcher.ts'
import { summarizeSpill } from './finalize.ts'
import { RecordReader } from './record-reader.ts'
import { SpillWriter } from './spill.ts'
import { TAIL_SPILL_FORMAT, type Tail, type TailOptions, type TailPartitionState, type TailResult, type TailStats } from './types.ts'

export type { Tail, TailOptions, TailResult, TailStats, TailPartitionState } from './types.ts'
export { loadTailResult } from './load-result.ts'

export const TAIL_RESULT_FILE = 'tail.json'
export const TAIL_SPILL_FILE = 'tail-events.bin'

export function startTail(options: TailOptions): Tail {
  const { profile, runId } = options
  const log = options.log ?? (() => undefined)
  const reader = new RecordReader(profile, runId)
  const window = new DedupeWindow()
  // Live view: overall and per type only (the over-time series is built from the spill at stop).
  const liveOverall = new LatencyHistogram()
  const liveByType = new KeyedLatency()
  const startedAt = Date.now()
  const counts = { records: 0, events: 0, duplicates: 0, otherRuns: 0, unreadable: 0 }
  const byType = new Map<string, number>()
  const timestampTypes = { createTime: 0, logAppendTime: 0 }
  const unreadableReasons = new Map<string, number>()
  let spill: SpillWriter | null = null

  const onRecords = async (records: FetchedRecord[]): Promise<void> => {
    const seenAt = Date.now()
    for (const r of records) {
      counts.records++
      const outcome = reader.read(r)
      if (outcome.kind === 'other-run') {
        counts.otherRuns++
        continue
      }
      if (outcome.kind === 'unreadable') {
        counts.unreadable++
        unreadableReasons.set(outcome.reason, (unreadableReasons.get(outcome.reason) ?? 0) + 1)
        continue
      }
      const e = outcome.event
      const kafkaTs = Number(r.timestamp)
      counts.events++
      byType.set(e.type, (byType.get(e.type) ?? 0) + 1)
      if (r.logAppendTime) timestampTypes.logAppendTime++
      else timestampTypes.createTime++
      spill!.append({
        eventId: e.eventId,
        type: e.type,
        topic: r.topic,
        partition: r.partition,
        offset: Number(r.offset),
        kafkaTs,
        logAppendTime: r.logAppendTime ? 1 : 0,
        seenAt,
        createdAt: e.createdAtMs,
        scheduledAt: e.scheduledAtMs,
        committedAt: e.committedAtMs,
      })
      if (window.seen(e.eventId)) counts.duplicates++
      else if (Number.isFinite(e.createdAtMs)) {
        liveOverall.record(kafkaTs - e.createdAtMs)
        liveByType.record(e.type, kafkaTs - e.createdAtMs)
      }
    }
    await spill!.drained()
  }

  const fetcher = new PartitionFetcher({
    kafka: options.connections.kafka,
    topics: profile.kafka.topics,
    clientId: `eventload-tail-${process.pid}`,
    fromBeginning: options.fromBeginning ?? false,
    onRecords,
    log,
  })

  const ready = (async () => {
    await mkdir(options.dir, { recursive: true })
    spill = new SpillWriter(join(options.dir, TAIL_SPILL_FILE))
    await fetcher.start(options.signal)
  })()
  // A failed start is reported through `ready`; keep it from being an unhandled rejection too.
  ready.catch(() => undefined)

  const stats = (): TailStats => {
    return {
      runId,
      startedAt,
      elapsedMs: Date.now() - startedAt,
      ...counts,
      byType: Object.fromEntries(byType),
      pgToKafka: { overall: liveOverall.summary(), byType: liveByType.summaries() },
      lag: fetcher.lag(),
      partitions: fetcher.positions().map(partitionState),
      reconnects: fetcher.reconnects,
      ...(fetcher.lastError ? { lastError: fetcher.lastError } : {}),
    }
  }

  const timer = options.onProgress
    ? setInterval(() => options.onProgress!(stats()), options.progressMs ?? 1000)
    : null
  timer?.unref()
  const onAbort = () => void stop({ catchUp: false })
  options.signal?.addEventListener('abort', onAbort, { once: true })

  let stopping: Promise<TailResult> | null = null
  const stop = (o: { catchUp?: boolean; timeoutMs?: number } = {}): Promise<TailResult> =>
    (stopping ??= (async () => {
      if (timer) clearInterval(timer)
      options.signal?.removeEventListener('abort', onAbort)
      try {
        await ready
      } catch (error) {
        throw new Error(`the Kafka tail never started: ${(error as Error).message}`, { cause: error })
      }
      await fetcher.stop(o.catchUp ?? true, o.timeoutMs ?? 30_000)
      const writer = spill!
      await writer.close()
      const final = await summarizeSpill(writer.path, { types: writer.types, topics: writer.topics }, {
        dir: options.dir,
        intervalMs: options.intervalMs,
        withCommitTime: profile.kafka.committedAt !== undefined,
      })
      const notes: string[] = []
      if (counts.unreadable > 0) {
        notes.push(`${counts.unreadable} records could not be read with profile "${profile.name}": ${[...unreadableReasons].map(([r, n]) => `${r} (${n})`).join(', ')}`)
      }
      if (timestampTypes.logAppendTime > 0) notes.push('some records carry LogAppendTime: their timestamp is the broker clock, not the producer clock')
      if (fetcher.reconnects > 0) notes.push(`the tail reconnected to Kafka ${fetcher.reconnects} time(s); positions were kept, nothing was skipped`)
      const result: TailResult = {
        version: 1,
        runId,
        profile: profile.name,
        topics: profile.kafka.topics,
        startedAt,
        stoppedAt: Date.now(),
        counts: {
          records: counts.records,
          events: counts.events,
          uniqueEvents: final.uniqueEvents,
          duplicateRecords: final.duplicateRecords,
          duplicateEvents: final.duplicateEvents,
          otherRuns: counts.otherRuns,
          unreadable: counts.unreadable,
        },
        byType: Object.fromEntries(byType),
        timestampTypes,
        partitions: fetcher.positions().map(partitionState),
        pgToKafka: final.pgToKafka.serialize(),
        kafkaToTail: final.kafkaToTail.serialize(),
        ...(final.commitToKafka ? { commitToKafka: final.commitToKafka.serialize() } : {}),
        spill: { file: TAIL_SPILL_FILE, path: resolve(writer.path), format: TAIL_SPILL_FORMAT, records: writer.records, types: writer.types, topics: writer.topics },
        reconnects: fetcher.reconnects,
        notes,
      }
      await writeFile(join(options.dir, TAIL_RESULT_FILE), JSON.stringify(result, null, 2) + '\n')
      return result
    })())

  return { ready, stats, stop }
}

function partitionState(p: PartitionPosition): TailPartitionState {
  return { topic: p.topic, partition: p.partition, startOffset: String(p.start), position: String(p.position), highWatermark: String(p.highWatermark) }
}
