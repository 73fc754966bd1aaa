// Which committed events of a run have a document yet, found by `_id` lookups of the committed
// ids (for pipelines whose documents carry the event id as `_id`, like the reference
// processor's). Work is proportional to the run, never to the collection: an id is looked up
// until it is found and then never again, so a drain or a live view that polls costs
// O(events of the run) lookups in total, however much history the collection holds.
//
// Pending ids wait in a queue ordered (roughly) by when they are due for a look: a newly
// committed id `firstLookMs` after its created_at, an id that was not there yet `retryMs`
// after that look. Each check walks at most `budget` due ids from the front (oldest first: in
// a pipeline that keeps roughly to commit order those are the likeliest to be there, so each
// lookup buys the most of the count) and puts the ones still missing at the back; "roughly"
// because an id put back can hold up newer ones behind it for at most `retryMs`.
//
// `found` is exact for what was looked at and so always a lower bound. When the budget runs
// out before the due ids do (the load commits faster than the live view may look), the ids
// left over are reported as `unchecked`, and an evenly spaced sample of them (`sample`) is
// looked up too: its hit rate times `unchecked` estimates how many of those are in MongoDB
// already (stratified along commit order, so for an in-order pipeline the error is at most
// about unchecked / sample), and its documents give latency samples from the newest events,
// not only from the old ones the walk is busy with.
import type { Document } from 'mongodb'
import { IdSet } from './id-set.ts'
import { normalizeId } from './normalize.ts'

export interface CommittedId {
  id: string
  /** commit-side time (the row's created_at), epoch ms; for the first-look delay */
  createdMs: number
}

interface Entry {
  id: string
  due: number
  /** found by a sample: still in the queue, skipped by the walk */
  found?: boolean
  /** put back after a miss: known absent as of that look */
  retry?: boolean
}

export interface CheckResult {
  /** ids looked up (walk and sample) */
  looked: number
  /** of those, found now */
  found: number
  /** due ids this check did not get to (never looked at, or due again after a miss) */
  unchecked: number
  /** `found` (total) plus the sample's estimate of the unchecked ids already in MongoDB; undefined when ids went unchecked and none were sampled */
  estimate: number | undefined
}

export class ArrivalTracker {
  // Every id of the run stays here to the end (the drain re-reads them all, and an id found
  // must not count twice): a compact exact set, so a found id's string is not kept (id-set.ts).
  #known = new IdSet()
  #queue: Entry[] = []
  #head = 0
  #found = 0
  /** entries between head and end that a sample found */
  #marked = 0
  /** entries between head and end put back after a miss */
  #retries = 0
  #unchecked = 0
  #estimate: number | undefined = 0

  /** Committed events found in MongoDB so far. */
  get found(): number {
    return this.#found
  }

  /** Committed ids known (found or not). */
  get known(): number {
    return this.#known.size
  }

  /** Known ids not found yet. */
  get pending(): number {
    return this.#queue.length - this.#head - this.#marked
  }

  /** Pending ids whose last look was a miss (absent as of that look); the rest of the pending ones are unknown. */
  get missed(): number {
    return this.#retries
  }

  /** As of the last check: due ids it did not look at, so `found` may be short by up to this many. */
  get unchecked(): number {
    return this.#unchecked
  }

  /** As of the last check: `found` plus the estimated arrivals among the unchecked ids (undefined: unchecked ids and no sample). */
  get estimate(): number | undefined {
    return this.#estimate === undefined ? undefined : Math.max(this.#estimate, this.#found)
  }

  /** Adds committed ids (ids already known are ignored); returns how many were new. */
  addCommitted(ids: Iterable<CommittedId>, firstLookMs = 0): number {
    let added = 0
    for (const c of ids) {
      if (!this.#known.add(c.id)) continue
      this.#queue.push({ id: c.id, due: c.createdMs + firstLookMs })
      added++
    }
    return added
  }

  /**
   * Looks up at most `budget` due ids with `lookup`, oldest first; found ones leave the queue
   * (and are passed to `onDocument`), the others go to its back, due again `retryMs` later.
   * When more ids are due than the budget allows, `sample` of the budget goes to ids spread
   * evenly over the ones left over, for `estimate`.
   */
  async check(
    lookup: (ids: string[]) => Promise<Document[]>,
    o: { budget: number; retryMs?: number; now?: number; sample?: number; onDocument?: (doc: Document) => void },
  ): Promise<CheckResult> {
    const now = o.now ?? Date.now()
    const sample = Math.max(0, Math.min(o.sample ?? 0, Math.floor(o.budget / 2)))
    const head0 = this.#head
    const marked0 = this.#marked
    const retries0 = this.#retries
    const walk: Entry[] = []
    while (walk.length < o.budget - sample && this.#head < this.#queue.length && this.#queue[this.#head]!.due <= now) {
      const e = this.#queue[this.#head++]!
      if (e.retry) this.#retries--
      if (e.found) this.#marked--
      else walk.push(e)
    }
    // What the walk leaves: every due id not found yet, wherever it waits in the queue.
    const rest: Entry[] = []
    for (let i = this.#head; i < this.#queue.length; i++) {
      const e = this.#queue[i]!
      if (!e.found && e.due <= now) rest.push(e)
    }
    let sampled: Entry[] = []
    if (rest.length <= sample) sampled = rest
    else for (let k = 0; k < sample; k++) sampled.push(rest[Math.floor(((k + 0.5) * rest.length) / sample)]!)
    if (walk.length + sampled.length === 0) {
      this.#unchecked = rest.length
      this.#estimate = rest.length === 0 ? this.#found : undefined
      return { looked: 0, found: 0, unchecked: this.#unchecked, estimate: this.#estimate }
    }
    let docs: Document[]
    try {
      docs = await lookup([...walk, ...sampled].map((e) => e.id))
    } catch (err) {
      // Nothing was learned: the walk goes back to the front, unchanged.
      this.#head = head0
      this.#marked = marked0
      this.#retries = retries0
      throw err
    }
    const wanted = new Set([...walk, ...sampled].map((e) => e.id))
    const hit = new Set<string>()
    for (const doc of docs) {
      const id = normalizeId(doc._id)
      if (id === null || !wanted.has(id) || hit.has(id)) continue
      hit.add(id)
      o.onDocument?.(doc)
    }
    for (const e of walk) {
      if (hit.has(e.id)) continue
      this.#queue.push({ id: e.id, due: now + (o.retryMs ?? 0), retry: true })
      this.#retries++
    }
    let sampleHits = 0
    for (const e of sampled) {
      if (!hit.has(e.id)) continue
      e.found = true
      this.#marked++
      sampleHits++
    }
    this.#found += hit.size
    // The sampled ids were just looked at; the others stand for them in proportion.
    this.#unchecked = rest.length - sampled.length
    this.#estimate =
      this.#unchecked === 0 ? this.#found : sampled.length ? this.#found + Math.round((sampleHits / sampled.length) * this.#unchecked) : undefined
    this.#compact()
    return { looked: walk.length + sampled.length, found: hit.size, unchecked: this.#unchecked, estimate: this.#estimate }
  }

  #compact(): void {
    if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }
}
