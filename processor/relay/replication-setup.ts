// Creates the publication and the logical replication slot the relay reads, idempotently:
// the stack's processor, a test's private instance and a restarted relay all run it.
import pg from 'pg'
import { parseLsn } from './lsn.ts'

export interface ReplicationNames {
  readonly table: { readonly schema: string; readonly name: string }
  readonly publication: string
  readonly slot: string
}

const DUPLICATE_OBJECT = '42710'
const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`

/** Ensures publication and slot exist; returns the slot's confirmed flush LSN. */
export async function ensureReplication(connectionString: string, names: ReplicationNames): Promise<bigint> {
  const client = new pg.Client({ connectionString, application_name: 'eventload-processor-setup' })
  await client.connect()
  try {
    const wal = await client.query<{ wal_level: string }>('SHOW wal_level')
    if (wal.rows[0]?.wal_level !== 'logical') {
      throw new Error(
        `Postgres runs with wal_level=${wal.rows[0]?.wal_level}; logical replication needs wal_level=logical ` +
          `(ALTER SYSTEM SET wal_level = logical, then restart Postgres; the local stack sets it)`,
      )
    }
    const table = await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [
      names.table.schema,
      names.table.name,
    ])
    if (table.rowCount === 0) {
      throw new Error(
        `table ${names.table.schema}.${names.table.name} does not exist yet; the stack's migration creates it (npm run stack -- up)`,
      )
    }
    const publication = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [names.publication])
    if (publication.rowCount === 0) {
      await ignoreDuplicate(
        client.query(
          `CREATE PUBLICATION ${quote(names.publication)} FOR TABLE ${quote(names.table.schema)}.${quote(names.table.name)}`,
        ),
      )
    }
    const slot = await readSlot(client, names.slot)
    if (slot === undefined) {
      await ignoreDuplicate(client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [names.slot]))
    } else if (slot.plugin !== 'pgoutput') {
      throw new Error(`replication slot "${names.slot}" uses plugin ${slot.plugin}, not pgoutput; drop it or choose another --slot`)
    }
    const created = await readSlot(client, names.slot)
    return created?.confirmed ?? 0n
  } finally {
    await client.end()
  }
}

interface SlotRow {
  plugin: string
  confirmed_flush_lsn: string | null
}

async function readSlot(client: pg.Client, slot: string): Promise<{ plugin: string; confirmed: bigint } | undefined> {
  const res = await client.query<SlotRow>(
    'SELECT plugin, confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  )
  const row = res.rows[0]
  if (!row) return undefined
  return { plugin: row.plugin, confirmed: row.confirmed_flush_lsn ? parseLsn(row.confirmed_flush_lsn) : 0n }
}

async function ignoreDuplicate(query: Promise<unknown>): Promise<void> {
  try {
    await query
  } catch (error) {
    // A concurrent processor created it first: fine, it is the same object.
    if ((error as { code?: string }).code !== DUPLICATE_OBJECT) throw error
  }
}

/** WAL bytes the slot still holds back (server position − confirmed flush); undefined when the slot is gone. */
export async function slotLagBytes(client: pg.Client, slot: string): Promise<number | undefined> {
  const res = await client.query<{ lag: string | null }>(
    'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  )
  const lag = res.rows[0]?.lag
  return lag === undefined || lag === null ? undefined : Number(lag)
}

/** Drops a slot and a publication (tests and benchmarks clean up their private ones). */
export async function dropReplication(connectionString: string, names: Pick<ReplicationNames, 'slot' | 'publication'>): Promise<void> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    // The walsender may take a moment to let go of the slot after the relay stops.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [names.slot])
        break
      } catch (error) {
        if (attempt >= 20) throw error
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    await client.query(`DROP PUBLICATION IF EXISTS ${quote(names.publication)}`)
  } finally {
    await client.end()
  }
}

