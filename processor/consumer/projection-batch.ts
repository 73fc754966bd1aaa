// Applies a batch of events to the projections: read the entities the batch touches, fold
// the events in (idempotently), and write each entity back only if nobody changed it in the
// meantime (version check). Two consumers can briefly own a partition during a rebalance;
// the loser of such a race re-reads and re-applies, which skips what is already there.
import type { Db } from 'mongodb'
import type { EventJson } from '../event.ts'
import { reorderSelected } from '../faults/decide.ts'
import type { GroundTruthRecord } from '../faults/ground-truth.ts'
import type { FaultPlan } from '../faults/plan.ts'
import { applyToProjection, projectionTargets, type ProjectionDoc, type ProjectionTarget } from '../projections/fold.ts'
import type { ProjectionRules } from '../projections/rules.ts'
import { bulkWriteErrors, DUPLICATE_KEY } from './bulk-errors.ts'

const MAX_ATTEMPTS = 5

interface Pending {
  readonly event: EventJson
  readonly target: ProjectionTarget
}

export async function writeProjections(
  db: Db,
  events: readonly EventJson[],
  options: { rules: ProjectionRules; plan: FaultPlan; now: Date; recordFaults: (records: GroundTruthRecord[]) => Promise<void> },
): Promise<void> {
  let pending: Pending[] = events.flatMap((event) => projectionTargets(options.rules, event).map((target) => ({ event, target })))
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > MAX_ATTEMPTS) {
      throw new Error(`projection writes kept conflicting after ${MAX_ATTEMPTS} attempts (another consumer writing the same entities?)`)
    }
    pending = await applyOnce(db, pending, options)
  }
}

/** One read-fold-write round; returns the events whose entity changed under us. */
async function applyOnce(
  db: Db,
  pending: readonly Pending[],
  options: { plan: FaultPlan; now: Date; recordFaults: (records: GroundTruthRecord[]) => Promise<void> },
): Promise<Pending[]> {
  const byCollection = new Map<string, Pending[]>()
  for (const p of pending) {
    const list = byCollection.get(p.target.collection) ?? []
    list.push(p)
    byCollection.set(p.target.collection, list)
  }
  const conflicts: Pending[] = []
  for (const [name, items] of byCollection) {
    const collection = db.collection<ProjectionDoc>(name)
    const ids = [...new Set(items.map((p) => p.target.entityId))]
    const current = new Map<string, ProjectionDoc>()
    for (const doc of await collection.find({ _id: { $in: ids } }).toArray()) current.set(doc._id, doc)
    const originalVersion = new Map(ids.map((id) => [id, current.get(id)?.version ?? 0]))

    const faults: GroundTruthRecord[] = []
    for (const { event, target } of items) {
      const result = applyToProjection(current.get(target.entityId), target, {
        run_id: typeof event.run_id === 'string' ? event.run_id : null,
        aggregate_type: typeof event.aggregate_type === 'string' ? event.aggregate_type : null,
        now: options.now,
        reorder: reorderSelected(options.plan, event.id),
      })
      current.set(target.entityId, result.doc)
      if (result.swappedWith) {
        faults.push({
          class: 'reorder',
          event_id: event.id,
          run_id: typeof event.run_id === 'string' ? event.run_id : null,
          details: { collection: name, entity_id: target.entityId, applied_before: result.swappedWith },
        })
      }
    }
    if (faults.length > 0) await options.recordFaults(faults)

    const changed = ids.filter((id) => current.get(id)!.version !== originalVersion.get(id))
    if (changed.length === 0) continue
    const conflicted = new Set<string>()
    try {
      await collection.bulkWrite(
        changed.map((id) => ({
          replaceOne: { filter: { _id: id, version: originalVersion.get(id)! }, replacement: current.get(id)!, upsert: true },
        })),
        { ordered: false },
      )
    } catch (error) {
      // An upsert whose version filter missed collides with the existing _id: that entity
      // changed since we read it. Anything else is a real failure.
      const writeErrors = bulkWriteErrors(error)
      if (!writeErrors || writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error
      for (const e of writeErrors) conflicted.add(changed[e.index]!)
    }
    conflicts.push(...items.filter((p) => conflicted.has(p.target.entityId)))
  }
  return conflicts
}
