// `stack reset-data`: empties the local stack's run data so a long-lived dev stack does not slow
// down with history (FerretDB answers run-id queries by scanning the whole collection, so every
// verify and count grows with what earlier runs left). What goes:
// - Postgres: TRUNCATE of the tables the migrations create for run data (the `events` source
//   table; `schema_migrations` is bookkeeping and stays). The reference processor receives
//   pgoutput's truncate message and ignores it (processor/relay/relay-session.ts), so it keeps
//   streaming the inserts that follow.
// - MongoDB: DROP of the pipeline's collections (the events collection and every projection of
//   the default profile). The processor creates them again on its next write.
// Kafka topics stay: the processor's consumer groups have committed offsets on them, and a
// deleted and recreated topic would strand those offsets while the processor runs; old records
// are harmless (every consumer reads from the offsets of its own run) and age out by retention.
import { MongoClient } from 'mongodb'
import pg from 'pg'
import { defaultProfile } from '../orchestrator/profile/default.ts'
import type { Connections } from './connections.ts'
import { cheapDocumentCount } from './mongo-count.ts'

/** Tables of stack/migrations that hold run data (001_events.sql). */
export const RUN_DATA_TABLES = ['events'] as const

export interface ResetTarget {
  postgres: { url: string; tables: readonly string[] }
  mongo: { url: string; database: string; collections: readonly string[] }
}

export interface ResetInventory {
  tables: { name: string; rows: number }[]
  /** only the collections that exist; documents is the store's estimate */
  collections: { name: string; documents: number }[]
}

export class ResetRefusedError extends Error {
  override name = 'ResetRefusedError'
}

/** TRUNCATE waits for a run's open inserts at most this long, then gives up with a clear error. */
const LOCK_TIMEOUT_MS = 10_000

/** The local stack's pipeline data; refuses when Postgres or MongoDB is someone else's. */
export function localPipelineTarget(c: Connections): ResetTarget {
  const external = (['postgres', 'mongo'] as const).filter((s) => c.external[s])
  if (external.length > 0) {
    throw new ResetRefusedError(
      `reset-data only empties the local stack, but ${external.join(' and ')} ${external.length > 1 ? 'are' : 'is'} external ` +
        `(set by ${external.map((s) => c.source[s]).join(', ')}); it never deletes data from your own services. ` +
        'Unset EVENTLOAD_PG_URL / EVENTLOAD_MONGO_URL / MONGODB_URI (or the config file entries) to reset the local stack.',
    )
  }
  const profile = defaultProfile()
  return {
    postgres: { url: c.postgres.url, tables: RUN_DATA_TABLES },
    mongo: {
      url: c.mongo.url,
      database: c.mongo.database,
      collections: [...new Set([profile.mongo.collection, ...profile.projections.map((p) => p.collection)])],
    },
  }
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

async function withClients<T>(t: ResetTarget, work: (db: pg.Client, mongo: MongoClient) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: t.postgres.url, application_name: 'eventload-reset-data' })
  const mongo = new MongoClient(t.mongo.url, { appName: 'eventload-reset-data', serverSelectionTimeoutMS: 5_000 })
  try {
    await db.connect()
    await mongo.connect()
    return await work(db, mongo)
  } finally {
    await db.end().catch(() => undefined)
    await mongo.close().catch(() => undefined)
  }
}

async function inventoryWith(t: ResetTarget, db: pg.Client, mongo: MongoClient): Promise<ResetInventory> {
  const tables: ResetInventory['tables'] = []
  for (const name of t.postgres.tables) {
    const exists = await db.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [name])
    if (exists.rows[0]?.r == null) continue
    const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(name)}`)
    tables.push({ name, rows: Number(rows[0]!.n) })
  }
  const database = mongo.db(t.mongo.database)
  const present = new Set((await database.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name))
  const collections: ResetInventory['collections'] = []
  for (const name of t.mongo.collections) {
    if (present.has(name)) collections.push({ name, documents: await cheapDocumentCount(database, name) })
  }
  return { tables, collections }
}

/** What a reset would delete (nothing is changed). */
export function inventory(t: ResetTarget): Promise<ResetInventory> {
  return withClients(t, (db, mongo) => inventoryWith(t, db, mongo))
}

/** Truncates the tables and drops the collections; returns what was there. */
export function resetData(t: ResetTarget): Promise<ResetInventory> {
  return withClients(t, async (db, mongo) => {
    const before = await inventoryWith(t, db, mongo)
    if (before.tables.length > 0) {
      await db.query(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`)
      try {
        await db.query(`TRUNCATE TABLE ${before.tables.map((x) => quoteIdent(x.name)).join(', ')}`)
      } catch (err) {
        if ((err as { code?: string }).code === '55P03') {
          throw new Error(`could not lock ${before.tables.map((x) => x.name).join(', ')} within ${LOCK_TIMEOUT_MS / 1000}s: a run is writing; try again when it has finished`)
        }
        throw err
      }
    }
    const database = mongo.db(t.mongo.database)
    for (const c of before.collections) await database.collection(c.name).drop()
    return before
  })
}

export function describeInventory(t: ResetTarget, inv: ResetInventory): string[] {
  const lines = inv.tables.map((x) => `postgres  TRUNCATE table ${x.name} (${x.rows} rows)`)
  lines.push(...inv.collections.map((x) => `mongo     DROP collection ${t.mongo.database}.${x.name} (~${x.documents} documents)`))
  if (lines.length === 0) lines.push('nothing to delete: no run data table or pipeline collection exists')
  lines.push('kafka     topics kept (consumer groups keep their offsets; old records age out by retention)')
  return lines
}
