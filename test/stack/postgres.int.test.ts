// The stack's real Postgres: logical WAL on, migrations applied, and a plain create/insert/select.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'

const url = loadConnections().postgres.url
const client = new pg.Client({ connectionString: url })
const table = `stack_test_${randomBytes(4).toString('hex')}`

beforeAll(async () => {
  await client.connect()
})
afterAll(async () => {
  await client.query(`DROP TABLE IF EXISTS ${table}`)
  await client.end()
})

describe('postgres (local stack)', () => {
  it('creates a table, inserts rows and reads them back', async () => {
    await client.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, name text NOT NULL, doc jsonb)`)
    await client.query(`INSERT INTO ${table} (name, doc) VALUES ($1, $2), ($3, $4)`, ['a', { n: 1 }, 'b', { n: 2 }])
    const { rows } = await client.query<{ name: string; doc: { n: number } }>(`SELECT name, doc FROM ${table} ORDER BY id`)
    expect(rows).toEqual([
      { name: 'a', doc: { n: 1 } },
      { name: 'b', doc: { n: 2 } },
    ])
  })

  it('runs with wal_level=logical and room for replication slots', async () => {
    const { rows } = await client.query<{ wal: string; slots: string; senders: string }>(
      "SELECT current_setting('wal_level') AS wal, current_setting('max_replication_slots') AS slots, current_setting('max_wal_senders') AS senders",
    )
    expect(rows[0]!.wal).toBe('logical')
    expect(Number(rows[0]!.slots)).toBeGreaterThanOrEqual(10)
    expect(Number(rows[0]!.senders)).toBeGreaterThanOrEqual(10)
  })

  it('has the events table of the data contract, with its run-scoped indexes', async () => {
    const cols = await client.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' AND table_schema = 'public' ORDER BY ordinal_position`,
    )
    expect(cols.rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['id', 'uuid'],
      ['run_id', 'text'],
      ['seq', 'bigint'],
      ['type', 'text'],
      ['aggregate_type', 'text'],
      ['aggregate_id', 'text'],
      ['payload', 'jsonb'],
      ['scheduled_at', 'timestamp with time zone'],
      ['created_at', 'timestamp with time zone'],
    ])
    const idx = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'events'`)
    const defs = idx.rows.map((r) => r.indexdef).join('\n')
    expect(defs).toMatch(/\(run_id, id\)/)
    expect(defs).toMatch(/\(run_id, seq\)/)
    const applied = await client.query<{ version: string }>('SELECT version FROM schema_migrations')
    expect(applied.rows.map((r) => r.version)).toContain('001_events.sql')
  })

  it('can decode a committed insert through a logical replication slot (what the processor relies on)', async () => {
    const slot = `stack_test_${randomBytes(4).toString('hex')}`
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id serial PRIMARY KEY, name text NOT NULL, doc jsonb)`)
    await client.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [slot])
    try {
      await client.query(`INSERT INTO ${table} (name) VALUES ('via-wal')`)
      const { rows } = await client.query<{ data: string }>(`SELECT data FROM pg_logical_slot_get_changes($1, NULL, NULL)`, [slot])
      expect(rows.some((r) => r.data.includes(`table public.${table}: INSERT`) && r.data.includes("'via-wal'"))).toBe(true)
    } finally {
      await client.query('SELECT pg_drop_replication_slot($1)', [slot])
    }
  })
})
