// Arrivals of a run's events in MongoDB, for the live view and the drain, at a cost that follows
// the run rather than the collection's history where the pipeline allows it:
//
// - `ids` mode, when each event's document has `_id` = the event id (the reference processor's,
//   or a profile whose event id field is `_id`): the run's committed ids come from Postgres and
//   are looked up by `_id` until found (arrival-tracker.ts), never scanning the collection.
//   The count is "committed events that have a document" (duplicates and phantoms are the
//   verifier's business).
// - `count` mode otherwise, or when more ids are pending than `maxPending` (at ~1-2 ms a
//   lookup on FerretDB, 200k lookups cost about as much as scanning that many documents):
//   countDocuments on the run id field, as countArrived does.
import type { Document, MongoClient } from 'mongodb'
import { ArrivalTracker, type CheckResult } from './arrival-tracker.ts'
import { CommittedIds } from './committed-ids.ts'
import { idLookupFor, type IdLookup } from './id-lookup.ts'
import type { ArrivedOptions } from './types.ts'

export type ArrivalMode = 'ids' | 'count'

export const MAX_PENDING_IDS = 200_000
/** Lookups per drain poll: a poll stays a few seconds long on FerretDB, so progress shows. */
export const DRAIN_BUDGET = 5_000
/** Re-read the committed ids at most this often when every known one has arrived. */
const REREAD_MS = 5_000

/** ids mode needs documents keyed by the event id, and not too many ids still to look up. */
export function chooseArrivalMode(o: { idIsEventId: boolean; pending: number; maxPending?: number }): ArrivalMode {
  return o.idIsEventId && o.pending <= (o.maxPending ?? MAX_PENDING_IDS) ? 'ids' : 'count'
}

export interface ArrivalsOptions extends ArrivedOptions {
  connections: ArrivedOptions['connections'] & { postgres: { url: string } }
  /** A connected client the caller owns (closed by the caller). */
  client: MongoClient
  /** Documents carry the event id as `_id` (the probe found out, or the profile says `_id`). */
  idIsEventId: boolean
  maxPending?: number
  log?: (line: string) => void
}

export interface LookResult extends CheckResult {
  /** wall time of the lookups alone (not the read of the committed ids) */
  lookupMs: number
}

export interface ArrivalProgress {
  /** committed events found in MongoDB: exact, and a lower bound while `unchecked` > 0 */
  found: number
  /** ids due for a look that the last look did not get to */
  unchecked: number
  /** pending ids that were absent at their last look (all others not found are unknown) */
  missed: number
  /** found plus the sampled estimate of the unchecked ones already there (undefined: not sampled) */
  estimate?: number
}

export interface Arrivals {
  readonly mode: ArrivalMode
  /** How the count is taken, for the phase line. */
  describe(): string
  /**
   * Live view (ids mode only): reads newly committed ids, then looks up at most `budget` of those
   * due (an id first `firstLookMs` after its created_at, again `retryMs` after a miss), `sample`
   * of them spread over the due ids the budget does not reach (see arrival-tracker.ts).
   * Undefined when it did not look (count mode, or the drain has started).
   */
  poll(o: { budget: number; firstLookMs: number; retryMs: number; sample?: number; onDocument?: (doc: Document) => void }): Promise<LookResult | undefined>
  /** ids mode: how far the count got, as of the last look (live view or drain). */
  progress(): ArrivalProgress | undefined
  /** Drain: events of the run in MongoDB now (see the modes above). */
  count(): Promise<number>
  close(): Promise<void>
}

export async function openArrivals(o: ArrivalsOptions): Promise<Arrivals> {
  const events = o.client.db(o.connections.mongo.database).collection(o.profile.mongo.collection)
  const countByRunId = () => events.countDocuments({ [o.profile.mongo.fields.runId]: o.runId })
  const log = o.log ?? (() => undefined)
  let mode: ArrivalMode = o.idIsEventId ? 'ids' : 'count'
  let ids: CommittedIds | undefined
  let lookup: IdLookup | undefined
  const tracker = new ArrivalTracker()
  if (mode === 'ids') {
    ids = await CommittedIds.open(o.connections.postgres.url, o.profile, o.runId)
    lookup = await idLookupFor(o.client.db(o.connections.mongo.database), o.profile.mongo.collection)
  }
  let draining = false
  let looked = 0
  let crossChecked = false
  let lastRead = 0

  // The live view's last look may still be running when the drain starts: one at a time.
  let chain: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work)
    chain = run.catch(() => undefined)
    return run
  }

  const toCount = (why: string): void => {
    mode = 'count'
    log(`drain: counting documents by ${o.profile.mongo.fields.runId} (${why})`)
  }

  return {
    get mode() {
      return mode
    },
    describe() {
      return mode === 'ids'
        ? `_id lookups of the committed ids (${lookup!.how}): ${tracker.found} of ${tracker.known} found`
        : `countDocuments on ${o.profile.mongo.fields.runId}`
    },
    poll: (p) =>
      exclusive(async () => {
        if (mode !== 'ids' || draining) return undefined
        tracker.addCommitted(await ids!.since(), p.firstLookMs)
        const t0 = performance.now()
        const r = await tracker.check((batch) => lookup!.find(batch), p)
        return { ...r, lookupMs: performance.now() - t0 }
      }),
    progress: () => {
      if (mode !== 'ids') return undefined
      const estimate = tracker.estimate
      return { found: tracker.found, unchecked: tracker.unchecked, missed: tracker.missed, ...(estimate !== undefined ? { estimate } : {}) }
    },
    count: () => exclusive(async () => {
      if (mode === 'ids' && !draining) {
        // The load is over: every committed id, including rows the live view's window missed.
        draining = true
        tracker.addCommitted(await ids!.all())
        lastRead = Date.now()
        if (chooseArrivalMode({ idIsEventId: true, pending: tracker.pending, ...(o.maxPending !== undefined ? { maxPending: o.maxPending } : {}) }) === 'count') {
          toCount(`${tracker.pending} events still to look up, more than ${o.maxPending ?? MAX_PENDING_IDS}`)
        }
      }
      if (mode === 'count') return countByRunId()
      if (tracker.pending === 0 && Date.now() - lastRead >= REREAD_MS) {
        tracker.addCommitted(await ids!.all())
        lastRead = Date.now()
      }
      const r = await tracker.check((batch) => lookup!.find(batch), { budget: DRAIN_BUDGET })
      looked += r.looked
      if (!crossChecked && tracker.found === 0 && looked >= tracker.known && tracker.known > 0) {
        // Not one committed id found by _id: either nothing arrived yet, or this pipeline's
        // documents are keyed otherwise after all. One count on the run id tells them apart.
        crossChecked = true
        const n = await countByRunId()
        if (n > 0) {
          toCount(`${n} documents of the run exist but none has a committed event id as _id`)
          return n
        }
      }
      return tracker.found
    }),
    async close() {
      await ids?.close()
    },
  }
}
