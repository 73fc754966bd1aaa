// A collection's document count from the store's metadata. estimatedDocumentCount is not cheap
// on FerretDB 1.x (measured on the dev stack: 9.3 s for 88k documents while the processor
// wrote), whereas its collStats answers from the backend's statistics (0.3 s). collStats is
// tried first; stores without it (or that refuse it) fall back to estimatedDocumentCount.
import type { Db } from 'mongodb'

export async function cheapDocumentCount(db: Db, collection: string): Promise<number> {
  try {
    const stats = await db.command({ collStats: collection })
    if (typeof stats.count === 'number' && Number.isFinite(stats.count)) return stats.count
  } catch {
    // no collStats here (or not allowed): the driver's estimate below
  }
  return db.collection(collection).estimatedDocumentCount()
}
