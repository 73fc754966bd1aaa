// Writes one consumed batch to MongoDB: event documents (insert-only upserts keyed by event
// id), projections, and records that are not events (kept aside, never dropped). When
// faults are on, their ground-truth lines are appended before the writes they describe.
import type { Db } from 'mongodb'
import { sleep } from '../backoff.ts'
import { parseEventJson } from '../event.ts'
import type { GroundTruthLog, GroundTruthRecord } from '../faults/ground-truth.ts'
import type { FaultPlan } from '../faults/plan.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import type { ProjectionRules } from '../projections/rules.ts'
import { bulkWriteErrors, DUPLICATE_KEY } from './bulk-errors.ts'
import type { KafkaCoordinates } from './event-document.ts'
import { writeProjections } from './projection-batch.ts'
import { planEventWrites, type ConsumedEvent } from './write-plan.ts'

export interface RawRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
  readonly timestamp: bigint
  readonly value: string | undefined
}

export const REJECTED_SUFFIX = '_rejected'

interface StringIdDoc {
  _id: string
  [field: string]: unknown
}

export class BatchWriter {
  readonly #db: Db
  readonly #collection: string
  readonly #plan: FaultPlan
  readonly #rules: ProjectionRules
  readonly #metrics: ProcessorMetrics
  readonly #groundTruth: GroundTruthLog | null
  readonly #phantomRuns = new Set<string>()

  constructor(
    db: Db,
    options: { collection: string; plan: FaultPlan; rules: ProjectionRules; metrics: ProcessorMetrics; groundTruth: GroundTruthLog | null },
  ) {
    this.#db = db
    this.#collection = options.collection
    this.#plan = options.plan
    this.#rules = options.rules
    this.#metrics = options.metrics
    this.#groundTruth = options.groundTruth
  }

  /** Idempotent: writing the same batch twice leaves MongoDB as writing it once. */
  async write(records: readonly RawRecord[], signal?: AbortSignal): Promise<void> {
    const consumed: ConsumedEvent[] = []
    const rejected: { kafka: KafkaCoordinates; value: string | null; error: string }[] = []
    const seen = new Set<string>()
    for (const r of records) {
      const kafka = { topic: r.topic, partition: r.partition, offset: Number(r.offset), timestamp: new Date(Number(r.timestamp)) }
      try {
        const event = parseEventJson(r.value ?? '')
        // A relay replay can put the same event twice into one batch; the first one counts.
        if (seen.has(event.id)) continue
        seen.add(event.id)
        consumed.push({ event, kafka })
      } catch (error) {
        rejected.push({ kafka, value: r.value ?? null, error: (error as Error).message })
      }
    }

    if (this.#plan.delayMs > 0) await sleep(this.#plan.delayMs, signal)
    const processedAt = new Date()
    const plan = planEventWrites(consumed, this.#plan, processedAt, this.#phantomRuns)
    await this.#recordFaults(plan.groundTruth)

    if (plan.documents.length > 0) {
      const events = this.#db.collection<StringIdDoc>(this.#collection)
      await tolerateDuplicates(
        events.bulkWrite(
          plan.documents.map(({ _id, ...doc }) => ({
            updateOne: { filter: { _id }, update: { $setOnInsert: doc }, upsert: true },
          })),
          { ordered: false },
        ),
      )
    }
    if (rejected.length > 0) {
      await tolerateDuplicates(
        this.#db.collection<StringIdDoc>(this.#collection + REJECTED_SUFFIX).bulkWrite(
          rejected.map((r) => {
            const _id = `${r.kafka.topic}:${r.kafka.partition}:${r.kafka.offset}`
            return { updateOne: { filter: { _id }, update: { $setOnInsert: { ...r, rejected_at: processedAt } }, upsert: true } }
          }),
          { ordered: false },
        ),
      )
      this.#metrics.rejected.inc(rejected.length)
    }
    await writeProjections(
      this.#db,
      consumed.map((c) => c.event),
      { rules: this.#rules, plan: this.#plan, now: processedAt, recordFaults: (f) => this.#recordFaults(f) },
    )

    this.#metrics.consumed.inc(consumed.length)
    for (const { event } of consumed) {
      if (typeof event.created_at === 'string') {
        this.#metrics.endToEnd.observe((processedAt.getTime() - Date.parse(event.created_at)) / 1000)
      }
    }
  }

  async #recordFaults(records: GroundTruthRecord[]): Promise<void> {
    if (records.length === 0) return
    if (!this.#groundTruth) throw new Error('faults were injected without a ground-truth log')
    for (const r of await this.#groundTruth.append(records)) this.#metrics.faults.inc({ class: r.class })
  }
}

/** Two upserts racing on one new _id: one inserts, the other fails with E11000, and the document is there either way. */
async function tolerateDuplicates(write: Promise<unknown>): Promise<void> {
  try {
    await write
  } catch (error) {
    const writeErrors = bulkWriteErrors(error)
    if (!writeErrors || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error
  }
}
