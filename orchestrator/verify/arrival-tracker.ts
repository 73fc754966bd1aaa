// Which committed events of a run have a document yet, found by `_id` lookups of the committed
// ids (for pipelines whose documents carry the event id as `_id`, like the reference
// processor's). Work is proportional to the run, never to the collection: an id is looked up
// until it is found and then never again, so a drain or a live view that polls costs
// O(events of the run) lookups in total, however much history the collection holds.
//
// Pending ids wait in a queue ordered (roughly) by when they are due for a look: a newly
// committed id `firstLookMs` after its created_at, an id that was not there yet `retryMs`
// after that look. Each check takes at most `budget` due ids from the front and puts the ones
// still missing at the back; "roughly" because an id put back can hold up newer ones behind
// it for at most `retryMs`.
import type { Document } from 'mongodb'
import { normalizeId } from './normalize.ts'

export interface CommittedId {
  id: string
  /** commit-side time (the row's created_at), epoch ms; for the first-look delay */
  createdMs: number
}

interface Entry {
  id: string
  due: number
}

export class ArrivalTracker {
  #known = new Set<string>()
  #queue: Entry[] = []
  #head = 0
  #found = 0

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
    return this.#queue.length - this.#head
  }

  /** Adds committed ids (ids already known are ignored); returns how many were new. */
  addCommitted(ids: Iterable<CommittedId>, firstLookMs = 0): number {
    let added = 0
    for (const c of ids) {
      if (this.#known.has(c.id)) continue
      this.#known.add(c.id)
      this.#queue.push({ id: c.id, due: c.createdMs + firstLookMs })
      added++
    }
    return added
  }

  /**
   * Looks up at most `budget` due ids with `lookup`; found ones leave the queue (and are passed
   * to `onDocument`), the others go to its back, due again `retryMs` later.
   */
  async check(
    lookup: (ids: string[]) => Promise<Document[]>,
    o: { budget: number; retryMs?: number; now?: number; onDocument?: (doc: Document) => void },
  ): Promise<{ looked: number; found: number }> {
    const now = o.now ?? Date.now()
    const batch: Entry[] = []
    while (batch.length < o.budget && this.#head < this.#queue.length && this.#queue[this.#head]!.due <= now) {
      batch.push(this.#queue[this.#head++]!)
    }
    if (batch.length === 0) return { looked: 0, found: 0 }
    let docs: Document[]
    try {
      docs = await lookup(batch.map((e) => e.id))
    } catch (err) {
      // Nothing was learned: the batch goes back to the front, unchanged.
      this.#head -= batch.length
      throw err
    }
    const wanted = new Set(batch.map((e) => e.id))
    const hit = new Set<string>()
    for (const doc of docs) {
      const id = normalizeId(doc._id)
      if (id === null || !wanted.has(id) || hit.has(id)) continue
      hit.add(id)
      o.onDocument?.(doc)
    }
    for (const e of batch) if (!hit.has(e.id)) this.#queue.push({ id: e.id, due: now + (o.retryMs ?? 0) })
    this.#found += hit.size
    this.#compact()
    return { looked: batch.length, found: hit.size }
  }

  #compact(): void {
    if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }
}
