// Readiness probe: one event through the whole pipeline before the load (Postgres -> processor
// -> Kafka -> MongoDB), so the run does not measure the processor's start-up or a consumer
// group still rebalancing (OMB does the same before its measured phase). The probe event has
// its own run id, `<run_id>-probe`, so it never counts in the run's numbers or verification.
// It also finds out whether the pipeline keys its documents by the event id (`_id` = event id,
// as the reference processor does): the drain and the live view can then look events up by
// `_id`, which every MongoDB-wire store answers from its primary key, instead of filtering on
// the run id, which FerretDB answers by decoding the whole collection.
import { randomUUID } from 'node:crypto'
import { MongoClient, type Document } from 'mongodb'
import pg from 'pg'
import type { Connections } from '../../stack/connections.ts'
import { redactText } from '../../stack/redact.ts'
import { ident, qualifiedTable, type PipelineProfile } from '../profile/index.ts'
import { sleep } from './interrupt.ts'

export interface ProbeResult {
  runId: string
  eventId: string
  ms: number
  /** The probe's document was found by `_id` = its event id. */
  idIsEventId: boolean
}

export class ProbeError extends Error {
  override name = 'ProbeError'
}

const POLL_MS = 100
/** The event id field query scans the collection on FerretDB: not more often than this. */
const FIELD_QUERY_EVERY_MS = 2_000
const MAX_TIME_EXPIRED = 50

function fieldValue(doc: Document, path: string): unknown {
  let v: unknown = doc
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined
  return v
}

export async function probePipeline(opts: {
  connections: Pick<Connections, 'postgres' | 'mongo'>
  profile: PipelineProfile
  runId: string
  timeoutMs: number
  signal?: AbortSignal
}): Promise<ProbeResult> {
  const { profile } = opts
  const probeRunId = `${opts.runId}-probe`
  const eventId = randomUUID()
  const started = Date.now()
  const client = new pg.Client({ connectionString: opts.connections.postgres.url, connectionTimeoutMillis: 10_000 })
  const mongo = new MongoClient(opts.connections.mongo.url, { serverSelectionTimeoutMS: 10_000 })
  try {
    await client.connect()
    const cols = profile.postgres.columns
    const columns: [string, unknown][] = [
      [cols.id, eventId],
      [cols.runId, probeRunId],
      [cols.type, 'eventload_probe'],
      [cols.payload, JSON.stringify({ probe: true })],
    ]
    if (cols.seq) columns.push([cols.seq, 0])
    if (cols.scheduledAt) columns.push([cols.scheduledAt, new Date()])
    // The reference table also requires the aggregate of the event; other tables may not have it.
    const present = await client.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [profile.postgres.schema, profile.postgres.table],
    )
    const has = new Set(present.rows.map((r) => r.column_name))
    if (has.has('aggregate_type')) columns.push(['aggregate_type', 'probe'])
    if (has.has('aggregate_id')) columns.push(['aggregate_id', eventId])
    await client.query(
      `INSERT INTO ${qualifiedTable(profile)} (${columns.map(([c]) => ident(c)).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map(([, v]) => v),
    )
    const coll = mongo.db(opts.connections.mongo.database).collection(profile.mongo.collection)
    const field = profile.mongo.fields.eventId
    const deadline = started + opts.timeoutMs
    // The _id lookup is tried first and alone for a while: a pipeline keyed by the event id
    // answers it within milliseconds, and the field query may take a minute on FerretDB.
    let fieldQueried = Date.now()
    while (Date.now() < deadline) {
      if (opts.signal?.aborted) throw new ProbeError('interrupted')
      const byId = await coll.findOne({ _id: eventId } as Document)
      if (byId && String(fieldValue(byId, field)).toLowerCase() === eventId) {
        return { runId: probeRunId, eventId, ms: Date.now() - started, idIsEventId: true }
      }
      if (field !== '_id' && Date.now() - fieldQueried >= FIELD_QUERY_EVERY_MS) {
        fieldQueried = Date.now()
        const byField = await coll
          .findOne({ [field]: eventId }, { projection: { _id: 1 }, maxTimeMS: Math.max(1_000, deadline - Date.now()) })
          .catch((err: unknown) => {
            if ((err as { code?: unknown }).code === MAX_TIME_EXPIRED) return null // the deadline below says it
            throw err
          })
        if (byField) {
          return { runId: probeRunId, eventId, ms: Date.now() - started, idIsEventId: false }
        }
      }
      await sleep(POLL_MS, opts.signal)
    }
    throw new ProbeError(
      `the probe event ${eventId} (run ${probeRunId}) written to Postgres did not reach MongoDB collection ${profile.mongo.collection} within ${Math.round(opts.timeoutMs / 1000)}s`,
    )
  } catch (err) {
    if (err instanceof ProbeError) throw err
    throw new ProbeError(redactText((err as Error).message))
  } finally {
    await client.end().catch(() => {})
    await mongo.close().catch(() => {})
  }
}
