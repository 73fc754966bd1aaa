// Reading documents by `_id`, the one query every MongoDB-wire store answers from its primary key.
// How to batch it depends on the store: MongoDB serves `{_id: {$in: [...]}}` from the _id index,
// while FerretDB 1.x pushes down only a plain `{_id: <value>}` equality — its `$in` decodes the
// whole collection (measured on the stack: 100 ids by $in 33.6 s over 246k documents; one id by
// equality ~1 ms). On FerretDB the lookups therefore go one id per query, several in flight.
import type { Collection, Db, Document } from 'mongodb'

export interface IdLookup {
  /** The documents among `ids` that exist (any order; absent ids are simply not returned). */
  find(ids: readonly string[]): Promise<Document[]>
  /** How the store is asked, for logs: `$in chunks of 1000` or `one _id per query, 16 in flight`. */
  readonly how: string
}

export const IN_CHUNK = 1_000
export const PER_ID_CONCURRENCY = 16

/** True when the server is FerretDB (its buildInfo carries `ferretdbVersion`). */
export async function isFerretdb(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 })
  return Object.hasOwn(info, 'ferretdbVersion')
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new Error(`chunk size must be at least 1, got ${size}`)
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export function idLookup(collection: Collection, perId: boolean): IdLookup {
  if (perId) {
    return {
      how: `one _id per query, ${PER_ID_CONCURRENCY} in flight`,
      async find(ids) {
        // No projection: FerretDB applies one after decoding, which only adds work.
        const docs: (Document | null)[] = await mapLimit(ids, PER_ID_CONCURRENCY, (id) => collection.findOne({ _id: id } as Document))
        return docs.filter((d): d is Document => d !== null)
      },
    }
  }
  return {
    how: `$in chunks of ${IN_CHUNK}`,
    async find(ids) {
      const out: Document[] = []
      for (const chunk of chunks(ids, IN_CHUNK)) out.push(...(await collection.find({ _id: { $in: chunk } } as Document).toArray()))
      return out
    },
  }
}

/** The lookup that suits the server `db` is on. */
export async function idLookupFor(db: Db, collection: string): Promise<IdLookup> {
  return idLookup(db.collection(collection), await isFerretdb(db))
}
