// The projection entities the writer last wrote, so the next event of an entity is folded
// without reading it back from the store (a FerretDB findOne per entity). Bounded by bytes,
// not by entries: an entity carries its whole history, so its size grows with its events,
// and a count bound (it was 50,000 entries) let the cache hold ~90 MB of heap once a soak had
// created that many entities (docs/benchmarks.md, "memory over a soak"). Only recently
// written entities are worth keeping: most receive their next events within seconds.
import { LRUCache } from 'lru-cache'
import { BSON } from 'mongodb'
import type { ProjectionDoc } from '../projections/fold.ts'

/** BSON bytes of cached entities; the JS heap they take is about 2.3 times that (measured). */
export const ENTITY_CACHE_BYTES = 8 * 1024 * 1024
/** Map slot and key per entry, beyond the document itself. */
const ENTRY_OVERHEAD_BYTES = 64

export class EntityCache {
  readonly #lru: LRUCache<string, ProjectionDoc>

  /**
   * `maxBytes` bounds the sum of the entries' estimated sizes; one entity larger than
   * `maxBytes / 16` (a long-lived entity with a long history) is not kept, so it cannot
   * push out everything else.
   */
  constructor(maxBytes = ENTITY_CACHE_BYTES) {
    this.#lru = new LRUCache<string, ProjectionDoc>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 16)),
      sizeCalculation: (doc, key) => BSON.calculateObjectSize(doc) + key.length * 2 + ENTRY_OVERHEAD_BYTES,
    })
  }

  static key(collection: string, id: string): string {
    return `${collection}\u0000${id}`
  }

  get(collection: string, id: string): ProjectionDoc | undefined {
    return this.#lru.get(EntityCache.key(collection, id))
  }

  /** Remembers the entity as just written (most recent); the least recently used go first. */
  remember(collection: string, doc: ProjectionDoc): void {
    this.#lru.set(EntityCache.key(collection, doc._id), doc)
  }

  forget(collection: string, id: string): void {
    this.#lru.delete(EntityCache.key(collection, id))
  }

  clear(): void {
    this.#lru.clear()
  }

  get entries(): number {
    return this.#lru.size
  }

  /** Estimated bytes held (never above the budget). */
  get bytes(): number {
    return this.#lru.calculatedSize
  }
}
