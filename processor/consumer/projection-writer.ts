// Applies batches of events to the projections (processor/projections). It runs as its own
// consumer group, so projection writes, which cost FerretDB one statement per entity, never
// hold back the `events` collection; at high rates projections lag and then catch up.
//
// Per batch: fold every event into its entity (idempotently: events already in its history
// are skipped), then write each changed entity once: new ones with one insertMany, existing
// ones with a bulk of replaceOne by _id. The writer keeps the entities it wrote in a cache
// bounded by bytes (entity-cache.ts) and reads only those it has not seen (findOne by _id:
// FerretDB answers that from its primary key, while `$in` or a filter on more fields scans
// the collection; measured 2.5 vs 39+ ms per replace). An entity is written by the consumer that owns its partition (all
// events of an aggregate share a key), so no version check guards the replace; the cache is
// dropped whenever partitions are reassigned. An insert that finds the entity already there
// re-reads it and applies the events again (skipping those it already has).
import type { Collection, Db } from 'mongodb'
import { reorderSelected } from '../faults/decide.ts'
import type { GroundTruthLog, GroundTruthRecord } from '../faults/ground-truth.ts'
import type { FaultPlan } from '../faults/plan.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import { applyToProjection, projectionTargets, type ProjectionDoc, type ProjectionTarget } from '../projections/fold.ts'
import type { ProjectionRules } from '../projections/rules.ts'
import { bulkWriteErrors, DUPLICATE_KEY } from './bulk-errors.ts'
import { EntityCache } from './entity-cache.ts'
import { recordFaults } from './event-writer.ts'
import { decodeRecords, type RawRecord } from './raw-record.ts'

const MAX_ATTEMPTS = 5
const READ_CONCURRENCY = 16
/**
 * Entities per write statement. FerretDB on SQLite runs one writer at a time, so a statement
 * of thousands of entities would hold up the events collection for seconds; between chunks
 * the writer gives way (`pause`) while the events writer has records in hand.
 */
const WRITE_CHUNK = 100

interface Pending {
  readonly eventId: string
  readonly runId: string | null
  readonly aggregateType: string | null
  readonly target: ProjectionTarget
}

export class ProjectionWriter {
  readonly #db: Db
  readonly #rules: ProjectionRules
  readonly #plan: FaultPlan
  readonly #metrics: ProcessorMetrics
  readonly #groundTruth: GroundTruthLog | null
  /** entity state as last written by us */
  readonly #cache: EntityCache

  readonly #pause: () => Promise<void>

  constructor(
    db: Db,
    options: {
      rules: ProjectionRules
      plan: FaultPlan
      metrics: ProcessorMetrics
      groundTruth: GroundTruthLog | null
      /** awaited between write statements; resolves when the writer may go on */
      pause?: () => Promise<void>
      /** byte budget of the entity cache (default ENTITY_CACHE_BYTES) */
      cacheBytes?: number
    },
  ) {
    this.#db = db
    this.#cache = new EntityCache(options.cacheBytes)
    this.#pause = options.pause ?? (() => Promise.resolve())
    this.#rules = options.rules
    this.#plan = options.plan
    this.#metrics = options.metrics
    this.#groundTruth = options.groundTruth
  }

  /** Partitions were (re)assigned: what we cached may since have been written by another member. */
  reset(): void {
    this.#cache.clear()
  }

  async write(records: readonly RawRecord[]): Promise<void> {
    const now = new Date()
    const { events } = decodeRecords(records)
    let pending: Pending[] = events.flatMap(({ event }) =>
      projectionTargets(this.#rules, event).map((target) => ({
        eventId: event.id,
        runId: typeof event.run_id === 'string' ? event.run_id : null,
        aggregateType: typeof event.aggregate_type === 'string' ? event.aggregate_type : null,
        target,
      })),
    )
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(`projection writes kept conflicting after ${MAX_ATTEMPTS} attempts (another consumer writing the same entities?)`)
      }
      pending = await this.#applyOnce(pending, now)
    }
    this.#metrics.projected.inc(events.length)
  }

  /** One read-fold-write round; returns what must be redone because its entity changed under us. */
  async #applyOnce(pending: readonly Pending[], now: Date): Promise<Pending[]> {
    const byCollection = new Map<string, Pending[]>()
    for (const p of pending) {
      const list = byCollection.get(p.target.collection)
      if (list) list.push(p)
      else byCollection.set(p.target.collection, [p])
    }
    const redo: Pending[] = []
    for (const [name, items] of byCollection) {
      const collection = this.#db.collection<ProjectionDoc>(name)
      const ids = [...new Set(items.map((p) => p.target.entityId))]
      const before = await this.#load(collection, name, ids)
      const after = new Map(before)

      const faults: GroundTruthRecord[] = []
      for (const p of items) {
        const result = applyToProjection(after.get(p.target.entityId) ?? undefined, p.target, {
          run_id: p.runId,
          aggregate_type: p.aggregateType,
          now,
          reorder: reorderSelected(this.#plan, p.eventId),
        })
        after.set(p.target.entityId, result.doc)
        if (result.swappedWith) {
          faults.push({
            class: 'reorder',
            event_id: p.eventId,
            run_id: p.runId,
            details: { collection: name, entity_id: p.target.entityId, applied_before: result.swappedWith },
          })
        }
      }
      await recordFaults(this.#groundTruth, this.#metrics, faults)

      const created: ProjectionDoc[] = []
      const replaced: ProjectionDoc[] = []
      for (const id of ids) {
        const old = before.get(id) ?? null
        const doc = after.get(id)!
        if (old === null) created.push(doc)
        else if (doc !== old) replaced.push(doc)
      }
      const conflicted = new Set<string>()
      for (let i = 0; i < created.length; i += WRITE_CHUNK) {
        await this.#pause()
        for (const id of await insertNew(collection, created.slice(i, i + WRITE_CHUNK))) conflicted.add(id)
      }
      for (let i = 0; i < replaced.length; i += WRITE_CHUNK) {
        await this.#pause()
        await replaceExisting(collection, replaced.slice(i, i + WRITE_CHUNK))
      }
      for (const id of ids) {
        if (conflicted.has(id)) this.#cache.forget(name, id)
        else this.#cache.remember(name, after.get(id)!)
      }
      redo.push(...items.filter((p) => conflicted.has(p.target.entityId)))
    }
    return redo
  }

  async #load(collection: Collection<ProjectionDoc>, name: string, ids: readonly string[]): Promise<Map<string, ProjectionDoc | null>> {
    const state = new Map<string, ProjectionDoc | null>()
    const unknown: string[] = []
    for (const id of ids) {
      const cached = this.#cache.get(name, id)
      if (cached === undefined) unknown.push(id)
      else state.set(id, cached)
    }
    for (let i = 0; i < unknown.length; i += READ_CONCURRENCY) {
      const chunk = unknown.slice(i, i + READ_CONCURRENCY)
      const docs = await Promise.all(chunk.map((id) => collection.findOne({ _id: id })))
      chunk.forEach((id, k) => state.set(id, docs[k] ?? null))
    }
    return state
  }
}

/** Inserts new entities; returns those that existed after all (someone else created them). */
async function insertNew(collection: Collection<ProjectionDoc>, docs: ProjectionDoc[]): Promise<string[]> {
  if (docs.length === 0) return []
  try {
    await collection.insertMany(docs, { ordered: false })
    return []
  } catch (error) {
    const writeErrors = bulkWriteErrors(error)
    if (!writeErrors || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error
    return writeErrors.map((e) => docs[e.index]!._id)
  }
}

async function replaceExisting(collection: Collection<ProjectionDoc>, docs: ProjectionDoc[]): Promise<void> {
  if (docs.length === 0) return
  await collection.bulkWrite(
    docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc } })),
    { ordered: false },
  )
}
