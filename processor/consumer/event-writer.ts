// Writes one consumed batch to the `events` collection: one document per event, inserted
// with insertMany (unordered). A replayed event collides on its _id (E11000) and the first
// write stands, which is the idempotence the pipeline needs, without upserts: FerretDB
// executes each upsert as its own statement (about 40-130 per second measured here, see
// docs/benchmarks.md) while a multi-document insert is one. Records that are not events are
// kept in `<collection>_rejected`. With faults on, their ground-truth lines are appended
// before the write they describe.
import type { Db } from 'mongodb'
import { sleep } from '../backoff.ts'
import type { GroundTruthLog, GroundTruthRecord } from '../faults/ground-truth.ts'
import type { FaultPlan } from '../faults/plan.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import { bulkWriteErrors, DUPLICATE_KEY } from './bulk-errors.ts'
import { decodeRecords, type RawRecord } from './raw-record.ts'
import { planEventWrites } from './write-plan.ts'

export const REJECTED_SUFFIX = '_rejected'

interface StringIdDoc {
  _id: string
  [field: string]: unknown
}

export class EventWriter {
  readonly #db: Db
  readonly #collection: string
  readonly #plan: FaultPlan
  readonly #metrics: ProcessorMetrics
  readonly #groundTruth: GroundTruthLog | null
  readonly #phantomRuns = new Set<string>()

  constructor(db: Db, options: { collection: string; plan: FaultPlan; metrics: ProcessorMetrics; groundTruth: GroundTruthLog | null }) {
    this.#db = db
    this.#collection = options.collection
    this.#plan = options.plan
    this.#metrics = options.metrics
    this.#groundTruth = options.groundTruth
  }

  /**
   * Indexes for the verifier's queries (by run, by event id). Only on MongoDB itself:
   * FerretDB v1 does not use them for those queries, and they slow its inserts (measured
   * here: ~1.5x per insertMany, run_id queries no faster).
   */
  async ensureIndexes(): Promise<'created' | 'skipped'> {
    const info = await this.#db.admin().command({ buildInfo: 1 })
    if ('ferretdbVersion' in info) return 'skipped'
    const events = this.#db.collection(this.#collection)
    await events.createIndex({ run_id: 1 })
    await events.createIndex({ event_id: 1 })
    return 'created'
  }

  /** Idempotent: writing the same batch twice leaves MongoDB as writing it once. */
  async write(records: readonly RawRecord[]): Promise<void> {
    const { events, rejected } = decodeRecords(records)
    if (this.#plan.delayMs > 0) await sleep(this.#plan.delayMs)
    const processedAt = new Date()
    const plan = planEventWrites(events, this.#plan, processedAt, this.#phantomRuns)
    await recordFaults(this.#groundTruth, this.#metrics, plan.groundTruth)

    if (plan.documents.length > 0) {
      await insertIgnoringExisting(this.#db.collection<StringIdDoc>(this.#collection), plan.documents)
    }
    if (rejected.length > 0) {
      await insertIgnoringExisting(
        this.#db.collection<StringIdDoc>(this.#collection + REJECTED_SUFFIX),
        rejected.map((r) => ({ _id: `${r.kafka.topic}:${r.kafka.partition}:${r.kafka.offset}`, ...r, rejected_at: processedAt })),
      )
      this.#metrics.rejected.inc(rejected.length)
    }

    this.#metrics.consumed.inc(events.length)
    for (const { event } of events) {
      if (typeof event.created_at === 'string') {
        this.#metrics.endToEnd.observe((processedAt.getTime() - Date.parse(event.created_at)) / 1000)
      }
    }
  }
}

export async function recordFaults(log: GroundTruthLog | null, metrics: ProcessorMetrics, records: GroundTruthRecord[]): Promise<void> {
  if (records.length === 0) return
  if (!log) throw new Error('faults were injected without a ground-truth log')
  for (const r of await log.append(records)) metrics.faults.inc({ class: r.class })
}

/** Inserts every document whose _id is not there yet; existing ones are left untouched. */
async function insertIgnoringExisting(collection: import('mongodb').Collection<StringIdDoc>, docs: StringIdDoc[]): Promise<void> {
  try {
    await collection.insertMany(docs, { ordered: false })
  } catch (error) {
    const writeErrors = bulkWriteErrors(error)
    if (!writeErrors || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error
  }
}
