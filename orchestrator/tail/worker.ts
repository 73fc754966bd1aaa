// One fetch worker of the tail: reads its share of the partitions, parses each record, appends
// the run's records to its own spill file and reports live figures to the main thread. Several
// of them run in parallel so the tail can use more than one core (record decoding is the cost).
import { dirname } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { startMemoryDebug } from '../run/debug-memory.ts'
import { KeyedLatency, LatencyHistogram } from '../latency/histogram.ts'
import { DedupeWindow } from './dedupe-window.ts'
import { PartitionFetcher, type FetchedChunk, type PartitionPosition } from './fetcher.ts'
import { decodeBatches, type RecordCursor } from './record-batch.ts'
import { OTHER_RUN, RecordReader, UNREADABLE } from './record-reader.ts'
import { SpillWriter, type SpillEntry } from './spill.ts'
import { shareOf, type MainMessage, type WorkerInput, type WorkerMessage, type WorkerStats } from './worker-protocol.ts'

const input = workerData as WorkerInput
const port = parentPort!
const send = (m: WorkerMessage) => port.postMessage(m)
// EVENTLOAD_DEBUG_MEMORY: this isolate's heap too (its timer is unref'd: it never keeps the worker up)
startMemoryDebug(process.env, dirname(input.spillPath), (line) => send({ type: 'log', line }), `tail-${input.index}`)
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

let seenAt = 0
let chunkTopic = ''
let chunkPartition = 0
let lastRecordAt = 0

const entry: SpillEntry = { eventId: '', type: '', topic: '', partition: 0, offset: 0, kafkaTs: 0, logAppendTime: 0, seenAt: 0, createdAt: NaN, scheduledAt: NaN, committedAt: NaN }

function onRecord(r: RecordCursor): void {
  counts.records++
  const kind = reader.readInto(r)
  if (kind === OTHER_RUN) {
    counts.otherRuns++
    return
  }
  if (kind === UNREADABLE) {
    counts.unreadable++
    unreadableReasons[reader.reason] = (unreadableReasons[reader.reason] ?? 0) + 1
    return
  }
  const e = reader.event
  const kafkaTs = r.timestamp
  counts.events++
  byType[e.type] = (byType[e.type] ?? 0) + 1
  if (r.logAppendTime) timestampTypes.logAppendTime++
  else timestampTypes.createTime++
  entry.eventId = e.eventId
  entry.type = e.type
  entry.topic = chunkTopic
  entry.partition = chunkPartition
  entry.offset = r.offset
  entry.kafkaTs = kafkaTs
  entry.logAppendTime = r.logAppendTime ? 1 : 0
  entry.seenAt = seenAt
  entry.createdAt = e.createdAtMs
  entry.scheduledAt = e.scheduledAtMs
  entry.committedAt = e.committedAtMs
  spill.append(entry)
  if (window.seen(e.eventId)) counts.duplicates++
  else if (Number.isFinite(e.createdAtMs)) {
    overall.record(kafkaTs - e.createdAtMs)
    byTypeLatency.record(e.type, kafkaTs - e.createdAtMs)
  }
}

/** A batch the tail cannot read: its records are counted as unreadable (said once per cause). */
function onUnreadable(reason: string, records: number, baseOffset: number): void {
  counts.records += records
  counts.unreadable += records
  if (unreadableReasons[reason] === undefined) send({ type: 'log', line: `kafka tail: ${chunkTopic}[${chunkPartition}] batch at offset ${baseOffset}: ${reason}; its ${records} records are counted as unreadable` })
  unreadableReasons[reason] = (unreadableReasons[reason] ?? 0) + records
}

async function onChunk(chunk: FetchedChunk): Promise<void> {
  seenAt = Date.now()
  chunkTopic = chunk.topic
  chunkPartition = chunk.partition
  if (decodeBatches(chunk.records, { from: chunk.from, aborted: chunk.aborted, onUnreadable }, onRecord) > 0) lastRecordAt = Date.now()
  await spill.drained()
}

const fetcher = new PartitionFetcher({
  kafka: input.kafka,
  topics,
  clientId: input.clientId,
  fromBeginning: input.fromBeginning,
  onChunk,
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
    lastRecordAt,
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
