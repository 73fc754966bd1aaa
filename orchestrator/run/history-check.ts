// Preflight warning for a local dev stack that has grown with earlier runs: FerretDB answers
// every query on the run id (the verifier's scan, a count) by reading the whole events
// collection, so a run's verify slows down with everything earlier runs left behind. The
// count comes from the store's statistics (stack/mongo-count.ts), cheap however big the collection.
import { MongoClient } from 'mongodb'
import type { Connections } from '../../stack/connections.ts'
import { cheapDocumentCount } from '../../stack/mongo-count.ts'
import type { PipelineProfile } from '../profile/index.ts'

/** Above this many documents a run's verify on FerretDB takes tens of seconds (docs/benchmarks.md). */
export const HISTORY_WARN_DOCUMENTS = 100_000

export function historyWarning(documents: number, collection: string, limit = HISTORY_WARN_DOCUMENTS): string | undefined {
  if (documents <= limit) return undefined
  return (
    `warning: the local MongoDB collection ${collection} holds ~${documents} documents from earlier runs (more than ${limit}); ` +
    'the verifier scans all of them, so verify will be slow. Empty the local stack with `npm run stack -- reset-data --yes`'
  )
}

/** The warning for the local stack's events collection, or undefined (also when the count fails: it is only advice). */
export async function checkLocalHistory(connections: Pick<Connections, 'mongo'>, profile: PipelineProfile): Promise<string | undefined> {
  const client = new MongoClient(connections.mongo.url, { appName: 'eventload-preflight', serverSelectionTimeoutMS: 5_000 })
  try {
    const n = await cheapDocumentCount(client.db(connections.mongo.database), profile.mongo.collection)
    return historyWarning(n, `${connections.mongo.database}.${profile.mongo.collection}`)
  } catch {
    return undefined
  } finally {
    await client.close().catch(() => undefined)
  }
}
