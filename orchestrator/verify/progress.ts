// Live counts for the orchestrator's drain phase ("wait until MongoDB holds every event of the
// run, or progress stalls"). countArrived is one count query on the run id; on FerretDB it
// scans the events collection (no filter pushdown), so its cost grows with the collection's
// history. openArrivals (arrivals.ts) counts by `_id` lookups of the committed ids instead,
// where the pipeline allows it.
import { MongoClient } from 'mongodb'
import pg from 'pg'
import type { Connections } from '../../stack/connections.ts'
import type { PipelineProfile } from '../profile/schema.ts'
import { ident, qualifiedTable } from '../profile/sql.ts'
import type { ArrivedOptions } from './types.ts'

/**
 * Documents of the run in the events collection (duplicates and phantoms included: compare
 * with the committed count only as a drain signal; the verifier gives the exact answer).
 * Pass `client` to reuse a connection across polls.
 */
export async function countArrived(o: ArrivedOptions & { client?: MongoClient }): Promise<number> {
  const client = o.client ?? new MongoClient(o.connections.mongo.url, { appName: 'eventload-drain', serverSelectionTimeoutMS: 5_000 })
  try {
    return await client
      .db(o.connections.mongo.database)
      .collection(o.profile.mongo.collection)
      .countDocuments({ [o.profile.mongo.fields.runId]: o.runId })
  } finally {
    if (!o.client) await client.close()
  }
}

/** Events of the run committed in Postgres (the drain's target when the load's own count is unknown). */
export async function countCommitted(o: { connections: Pick<Connections, 'postgres'>; profile: PipelineProfile; runId: string }): Promise<number> {
  const client = new pg.Client({ connectionString: o.connections.postgres.url, application_name: 'eventload-drain' })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${qualifiedTable(o.profile)} WHERE ${ident(o.profile.postgres.columns.runId)} = $1`,
      [o.runId],
    )
    return Number(rows[0]!.n)
  } finally {
    await client.end()
  }
}
