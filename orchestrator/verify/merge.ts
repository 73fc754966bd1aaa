// The main pass: a merge-join of three streams sorted by event id — committed events
// (Postgres), documents (MongoDB) and, when a tail ran, the records Kafka carried — judging each
// event id once: missing, duplicated, phantom, corrupted, late, and when each stage took how long.
// Reference edges are handed on to the references pass (references.ts).
import { StageLatency, type StageClock } from '../latency/stage.ts'
import type { FindingSink } from './findings.ts'
import type { DocRecord } from './mongo-source.ts'
import type { PgEvent } from './postgres-source.ts'
import type { Stage } from './result-schema.ts'
import { compareKeys } from './sort/compare.ts'
import type { ExternalSorter } from './sort/external-sort.ts'

export interface KafkaSighting {
  type: string
  kafkaTs: number
  seenAt: number
}

export interface MergeInputs {
  postgres: AsyncIterable<PgEvent>
  mongo: AsyncIterable<{ key: string; values: string[] }>
  kafka: AsyncIterable<{ key: string; values: string[] }> | null
}

export interface MergeOptions {
  cutoffMs: number
  lateAfterMs: number | undefined
  intervalMs: number | undefined
  findings: FindingSink
  /** receives reference edges keyed by entity (see references.ts) */
  references: ExternalSorter
  onProgress?: (done: number) => void
}

export const CLOCKS: Record<string, StageClock> = {
  scheduleLag: { from: 'scheduled_at (load generator clock)', to: 'created_at (Postgres server clock)' },
  pgToKafka: { from: 'created_at (Postgres server clock)', to: 'Kafka record timestamp from the tail (producer clock, or broker clock for LogAppendTime)' },
  kafkaToMongo: { from: 'Kafka record timestamp (document field, else the tail)', to: 'processed_at (consumer host clock)' },
  endToEnd: { from: 'created_at (Postgres server clock)', to: 'processed_at (consumer host clock)' },
  endToEndScheduled: { from: 'scheduled_at (load generator clock)', to: 'processed_at (consumer host clock)' },
}

export interface MergeCounts {
  committed: number
  documents: number
  arrived: number
  missing: number
  missingAtPgToKafka: number
  missingAtKafkaToMongo: number
  duplicateEvents: number
  duplicateDocuments: number
  duplicatesFromKafka: number
  duplicatesAtKafkaToMongo: number
  kafkaDuplicateEvents: number
  phantomDocuments: number
  phantomEvents: number
  kafkaPhantoms: number
  corrupt: number
  typeMismatch: number
  fieldProblems: number
  late: number
  noProcessedAt: number
  noKafkaTimestamp: number
}

export interface MergeResult {
  counts: MergeCounts
  stages: StageLatency[]
}

type Group = { key: string; values: string[] }

async function* checkedOrder<T>(source: AsyncIterable<T>, key: (t: T) => string, what: string): AsyncGenerator<T> {
  let last: string | undefined
  for await (const item of source) {
    const k = key(item)
    if (last !== undefined && compareKeys(last, k) > 0) {
      throw new Error(`${what} is not in event-id order ("${last}" before "${k}"); the merge would be wrong`)
    }
    last = k
    yield item
  }
}

export async function mergeStreams(inputs: MergeInputs, o: MergeOptions): Promise<MergeResult> {
  const stageOpts = { intervalMs: o.intervalMs }
  const scheduleLag = new StageLatency('scheduled->created', CLOCKS.scheduleLag!, stageOpts)
  const pgToKafka = inputs.kafka ? new StageLatency('postgres->kafka', CLOCKS.pgToKafka!, stageOpts) : null
  const kafkaToMongo = new StageLatency('kafka->mongo', CLOCKS.kafkaToMongo!, stageOpts)
  const endToEnd = new StageLatency('end-to-end', CLOCKS.endToEnd!, stageOpts)
  const endToEndScheduled = new StageLatency('end-to-end-from-scheduled', CLOCKS.endToEndScheduled!, stageOpts)
  const c: MergeCounts = {
    committed: 0, documents: 0, arrived: 0, missing: 0, missingAtPgToKafka: 0, missingAtKafkaToMongo: 0,
    duplicateEvents: 0, duplicateDocuments: 0, duplicatesFromKafka: 0, duplicatesAtKafkaToMongo: 0, kafkaDuplicateEvents: 0,
    phantomDocuments: 0, phantomEvents: 0, kafkaPhantoms: 0, corrupt: 0, typeMismatch: 0, fieldProblems: 0, late: 0,
    noProcessedAt: 0, noKafkaTimestamp: 0,
  }
  const pg = checkedOrder(inputs.postgres, (e) => e.id, 'the Postgres stream')[Symbol.asyncIterator]()
  const mg = checkedOrder(inputs.mongo, (g) => g.key, 'the MongoDB stream')[Symbol.asyncIterator]()
  const kf = inputs.kafka ? checkedOrder(inputs.kafka, (g) => g.key, 'the tail stream')[Symbol.asyncIterator]() : null
  let p = await pg.next()
  let m = await mg.next()
  let k = kf ? await kf.next() : ({ done: true, value: undefined } as IteratorResult<Group>)
  let done = 0

  while (!p.done || !m.done || !k.done) {
    const keys = [!p.done ? p.value.id : null, !m.done ? m.value.key : null, !k.done ? k.value.key : null].filter((x): x is string => x !== null)
    const key = keys.reduce((a, b) => (compareKeys(a, b) <= 0 ? a : b))
    const event = !p.done && p.value.id === key ? p.value : null
    const docs = !m.done && m.value.key === key ? m.value.values.map((v) => JSON.parse(v) as DocRecord) : []
    // null: no tail ran; []: the tail ran and Kafka never carried this event
    const tailGroup: Group | null = !k.done && k.value.key === key ? k.value : null
    const inTail = tailGroup !== null
    const sightings: KafkaSighting[] | null = kf ? (tailGroup ? tailGroup.values.map(parseSighting) : []) : null
    await judge(key, event, docs, sightings)
    if (event) p = await pg.next()
    if (docs.length) m = await mg.next()
    if (inTail) k = await kf!.next()
    if (++done % 10_000 === 0) o.onProgress?.(done)
  }

  async function judge(id: string, event: PgEvent | null, docs: DocRecord[], sightings: KafkaSighting[] | null): Promise<void> {
    c.documents += docs.length
    const inKafka = sightings !== null && sightings.length > 0
    const kafkaTs = inKafka ? sightings[0]!.kafkaTs : NaN
    if (sightings && sightings.length > 1) c.kafkaDuplicateEvents++
    const late = async (d: DocRecord): Promise<void> => {
      if (o.lateAfterMs === undefined || d.p === null) return
      const k = d.k ?? (Number.isFinite(kafkaTs) ? kafkaTs : null)
      if (k !== null && d.p - k > o.lateAfterMs) {
        c.late++
        await o.findings.add({
          check: 'late', class: 'late', eventId: id, documentId: d.d, ...(d.t ? { type: d.t } : {}),
          detail: `Kafka -> MongoDB took ${round(d.p - k)} ms (limit ${o.lateAfterMs} ms)`,
        })
      }
    }
    const fieldProblems = async (d: DocRecord, cause?: { class: 'phantom'; eventId: string }): Promise<void> => {
      if (!d.f) return
      c.fieldProblems++
      await o.findings.add({
        check: 'fields', class: 'corrupt', eventId: id, documentId: d.d, ...(d.t ? { type: d.t } : {}), ...(cause ? { cause } : {}),
        detail: d.f.join('; '),
      })
    }

    if (!event) {
      if (docs.length > 0) {
        c.phantomEvents++
        c.phantomDocuments += docs.length
        await o.findings.add({
          check: 'phantoms', class: 'phantom', eventId: id, documentId: docs.map((d) => d.d).join(','), ...(docs[0]!.t ? { type: docs[0]!.t } : {}),
          ...(sightings ? { stage: inKafka ? 'postgres->kafka' : 'kafka->mongo' } : {}),
          detail: `${docs.length} document(s) for an event id no committed event of the run has${inKafka ? ' (Kafka carried it too)' : ''}`,
        })
        for (const d of docs) {
          await fieldProblems(d, { class: 'phantom', eventId: id })
          await late(d)
        }
      } else if (inKafka) {
        c.kafkaPhantoms++
        await o.findings.add({
          check: 'phantoms', class: 'phantom', eventId: id, type: sightings[0]!.type, stage: 'postgres->kafka',
          detail: 'Kafka carried an event of the run that Postgres never committed (and MongoDB has no document for it)',
        })
      }
      return
    }

    c.committed++
    const type = event.type
    if (Number.isFinite(event.scheduledAt)) scheduleLag.record(type, event.scheduledAt, event.createdAt)
    if (pgToKafka) {
      if (inKafka) pgToKafka.record(type, event.createdAt, kafkaTs)
      else pgToKafka.recordCensored(type, event.createdAt, o.cutoffMs)
    }
    const stage = (lost: boolean): Stage => (!sightings ? 'unknown' : lost ? 'postgres->kafka' : 'kafka->mongo')

    if (docs.length === 0) {
      c.missing++
      if (sightings) {
        if (inKafka) c.missingAtKafkaToMongo++
        else c.missingAtPgToKafka++
      }
      endToEnd.recordCensored(type, event.createdAt, o.cutoffMs)
      if (Number.isFinite(event.scheduledAt)) endToEndScheduled.recordCensored(type, event.scheduledAt, o.cutoffMs)
      if (inKafka) kafkaToMongo.recordCensored(type, kafkaTs, o.cutoffMs)
      await o.findings.add({
        check: 'completeness', class: 'missing', eventId: id, type, stage: stage(!inKafka),
        detail: sightings ? (inKafka ? 'in Kafka, never written to MongoDB' : 'committed in Postgres, never reached Kafka') : 'committed in Postgres, no document in MongoDB',
      })
      for (const key of event.creates) await o.references.add(key, `P\t${id}\tmissing`)
      return
    }

    c.arrived++
    // The document the event's own id names, else the first written.
    const ordered = [...docs].sort((a, b) => (a.d === id ? -1 : b.d === id ? 1 : (a.p ?? Infinity) - (b.p ?? Infinity)))
    const primary = ordered[0]!
    if (docs.length > 1) {
      c.duplicateEvents++
      c.duplicateDocuments += docs.length - 1
      const fromKafka = sightings !== null && sightings.length > 1
      if (sightings) {
        if (fromKafka) c.duplicatesFromKafka++
        else c.duplicatesAtKafkaToMongo++
      }
      await o.findings.add({
        check: 'duplicates', class: 'duplicate', eventId: id, type, documentId: ordered.slice(1).map((d) => d.d).join(','),
        stage: stage(fromKafka),
        detail: `${docs.length} documents for one event${sightings ? ` (Kafka carried it ${sightings.length} time(s))` : ''}`,
      })
    }
    let corrupt = false
    for (const d of ordered) {
      if (d.h !== event.hash) {
        corrupt = true
        c.corrupt++
        await o.findings.add({
          check: 'content', class: 'corrupt', eventId: id, type, documentId: d.d,
          detail: d.h === null ? 'the document has no readable payload' : 'payload differs from Postgres (canonical JSON hash)',
        })
      } else if (d.t !== null && d.t !== type) {
        corrupt = true
        c.typeMismatch++
        await o.findings.add({ check: 'content', class: 'corrupt', eventId: id, type, documentId: d.d, detail: `type is "${d.t}" in MongoDB, "${type}" in Postgres` })
      }
      if (d.f) corrupt = true
      await fieldProblems(d)
      await late(d)
    }

    const kTs = primary.k ?? (Number.isFinite(kafkaTs) ? kafkaTs : null)
    if (primary.p === null) c.noProcessedAt++
    else {
      endToEnd.record(type, event.createdAt, primary.p)
      if (Number.isFinite(event.scheduledAt)) endToEndScheduled.record(type, event.scheduledAt, primary.p)
      if (kTs !== null) kafkaToMongo.record(type, kTs, primary.p)
      else c.noKafkaTimestamp++
    }

    const at = primary.p ?? NaN
    // The creating event as committed matters only when its document cannot vouch for it.
    if (corrupt) for (const key of event.creates) await o.references.add(key, `P\t${id}\tcorrupt`)
    for (const key of primary.cr ?? []) await o.references.add(key, `C\t${id}\t${at}`)
    for (const key of primary.rf ?? []) await o.references.add(key, `R\t${id}\t${at}\t${corrupt ? 1 : 0}`)
  }

  const stages = [scheduleLag, ...(pgToKafka ? [pgToKafka] : []), kafkaToMongo, endToEnd, endToEndScheduled]
  return { counts: c, stages }
}

function parseSighting(value: string): KafkaSighting {
  const [type = 'unknown', kafkaTs, seenAt] = value.split('\t')
  return { type, kafkaTs: Number(kafkaTs), seenAt: Number(seenAt) }
}

const round = (x: number): number => Math.round(x * 1000) / 1000
