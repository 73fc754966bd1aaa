// One fetch worker of the tail: reads its share of the partitions, parses each record, appends
// the run's records to its own spill file and reports live figures to the main thread. Several
// of them run in parallel so the tail can use more than one core (record decoding is the cost).
import { parentPort, workerData } from 'node:worker_threads'
import { KeyedLatency, LatencyHistogram } from '../latency/histogram.ts'
import { DedupeWindow } from './dedupe-window.ts'
import { PartitionFetcher, type FetchedRecord, type PartitionPosition } from './fetcher.ts'
import { RecordReader } from './record-reader.ts'
import { SpillWriter } from './spill.ts'
import { shareOf, type MainMessage, type WorkerInput, type WorkerMessage, type WorkerStats } from './worker-protocol.ts'

const input = workerData as WorkerInput
const port = parentPort!
const send = (m: WorkerMessage) => port.postMessage(m)
const STATS_EVERY_MS = 250

const reader = new RecordReader(input.profile, input.runId)
const spill = new SpillWriter(input.spillPath)
const window = new DedupeWindow()
const overall = new LatencyHistogram()
const byTypeLatency = new KeyedLatency()
const counts = { records: 0, events: 0, duplicates: 0, otherRuns: 0, unreadable: 0 }
const byType: Record<string, number> = {}
const timestampTypes = { createTime: 0, logAppendTime: 0 }
const unreadableReasons: Record<string, number> = {}
const topics = input.profile.kafka.topics

async function onRecords(records: FetchedRecord[]): Promise<void> {
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
      unreadableReasons[outcome.reason] = (unreadableReasons[outcome.reason] ?? 0) + 1
      continue
    }
    const e = outcome.event
    const kafkaTs = Number(r.timestamp)
    counts.events++
    byType[e.type] = (byType[e.type] ?? 0) + 1
    if (r.logAppendTime) timestampTypes.logAppendTime++
    else timestampTypes.createTime++
    spill.append({
      eventId: e.eventId, type: e.type, topic: r.topic, partition: r.partition, offset: Number(r.offset), kafkaTs,
      logAppendTime: r.logAppendTime ? 1 : 0, seenAt, createdAt: e.createdAtMs, scheduledAt: e.scheduledAtMs, committedAt: e.committedAtMs,
    })
    if (window.seen(e.eventId)) counts.duplicates++
    else if (Number.isFinite(e.createdAtMs)) {
      overall.record(kafkaTs - e.createdAtMs)
      byTypeLatency.record(e.type, kafkaTs - e.createdAtMs)
    }
  }
  await spill.drained()
}

const fetcher = new PartitionFetcher({
  kafka: input.kafka,
  topics,
  clientId: input.clientId,
  fromBeginning: input.fromBeginning,
  onRecords,
  log: (line) => send({ type: 'log', line }),
  owns: (topic, partition) => shareOf(topics.indexOf(topic), partition, input.count) === input.index,
})

function stats(): WorkerStats {
  return {
    counts: { ...counts },
    byType: { ...byType },
    timestampTypes: { ...timestampTypes },
    unreadableReasons: { ...unreadableReasons },
    latency: { overall: overall.serialize(), byType: byTypeLatency.serialize() },
    partitions: fetcher.positions().map((p: PartitionPosition) => ({
      topic: p.topic, partition: p.partition, startOffset: String(p.start), position: String(p.position), highWatermark: String(p.highWatermark),
    })),
    lag: fetcher.lag(),
    reconnects: fetcher.reconnects,
    ...(fetcher.lastError ? { lastError: fetcher.lastError } : {}),
  }
}

let timer: NodeJS.Timeout | undefined
port.on('message', (m: MainMessage) => {
  if (m.type !== 'stop') return
  void (async () => {
    if (timer) clearInterval(timer)
    try {
      await started.catch(() => undefined)
      await fetcher.stop(m.catchUp, m.timeoutMs)
      await spill.close()
      send({ type: 'stopped', stats: stats(), spill: { path: spill.path, records: spill.records, types: spill.types, topics: spill.topics } })
    } catch (error) {
      send({ type: 'failed', message: (error as Error).message })
    }
    port.close()
  })()
})

const started = fetcher.start()
started.then(
  () => {
    send({ type: 'ready' })
    timer = setInterval(() => send({ type: 'stats', stats: stats() }), STATS_EVERY_MS)
  },
  (error: unknown) => send({ type: 'failed', message: (error as Error).message }),
)
