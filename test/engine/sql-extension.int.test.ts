// k6/x/sql in the node engine, against the local stack's real Postgres: k6-style scripts are
// bundled like the build does and run through the engine. Expectations come from xk6-sql's
// API (Result, row arrays, $n placeholders, *WithTimeout with Go durations) and lib/pq's value
// decoding (reference notes §1.2-1.4); pool bounds from the sizing rule in
// docs/engine-extensions.md (connections <= min(handles x max_open_conns, EVENTLOAD_SQL_POOL_MAX)).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'
import { runScript } from './sql-run.ts'

const suffix = randomBytes(4).toString('hex')
const TABLE = `ext_sql_${suffix}`
const APP = `eventload-ext-sql-${suffix}`
const baseUrl = loadConnections().postgres.url
const dsn = (app: string): string => `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}sslmode=disable&application_name=${app}`

let admin: pg.Client

beforeAll(async () => {
  admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
})

afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS ${TABLE}`)
  await admin.end()
})

async function connectionsOf(app: string): Promise<number> {
  const r = await admin.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [app])
  return Number(r.rows[0]?.n ?? 0)
}

const SHAPES = `
import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'

const db = sql.open(driver, __ENV.PG_DSN)
const T = __ENV.TABLE
export const options = { vus: 1, iterations: 1 }

const out = (o) => console.log('RESULT ' + JSON.stringify(o))
const describe = (v) =>
  v === null ? { kind: 'null' }
  : v instanceof Uint8Array ? { kind: 'bytes', text: String.fromCharCode(...v) }
  : v instanceof Date ? { kind: 'date', iso: v.toISOString() }
  : { kind: typeof v, value: v }

export async function setup() {
  await db.exec('CREATE TABLE ' + T + ' (id uuid PRIMARY KEY, n int8, amount numeric(10,2), label text, flag bool, at timestamptz, doc jsonb)')
}

export default async function () {
  const ins = await db.exec(
    'INSERT INTO ' + T + ' VALUES ($1, $2, $3, $4, $5, $6, $7), ($8, $9, $10, $11, $12, $13, $14)',
    '00000000-0000-4000-8000-000000000001', 41, '12.50', 'first', true, new Date('2024-05-06T07:08:09.120Z'), '{"k": 1}',
    '00000000-0000-4000-8000-000000000002', 42, '0.99', 'second', false, null, null,
  )
  let lastInsertId
  try { lastInsertId = { value: ins.lastInsertId() } } catch (e) { lastInsertId = { error: String(e.message) } }
  const rows = await db.query('SELECT * FROM ' + T + ' WHERE n >= $1 ORDER BY n', 41)
  const upd = await db.exec('UPDATE ' + T + ' SET label = $1 WHERE flag = $2', 'changed', false)
  const cast = await db.query('SELECT id::text AS id, amount::text AS amount, doc::text AS doc FROM ' + T + ' WHERE n = $1', 41)
  out({
    rowsAffected: ins.rowsAffected(),
    updated: upd.rowsAffected(),
    lastInsertId,
    count: rows.length,
    first: Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, describe(v)])),
    second: Object.fromEntries(Object.entries(rows[1]).map(([k, v]) => [k, describe(v)])),
    cast: cast[0],
  })

  const t0 = Date.now()
  let timeout
  try { await db.queryWithTimeout('200ms', 'SELECT pg_sleep(5)'); timeout = { error: null } }
  catch (e) { timeout = { error: String(e.message), ms: Date.now() - t0 } }
  const after = await db.query('SELECT 1 AS one')
  out({ timeout, afterMs: Date.now() - t0, after: after[0].one })

  let missing
  try { await db.query('SELECT * FROM no_such_table_' + T) } catch (e) { missing = { message: String(e.message), code: e.code } }
  let badArg
  try { await db.query('SELECT $1::int[]', [1, 2]) } catch (e) { badArg = String(e.message) }
  out({ missing, badArg })
}

export async function teardown() {
  await db.exec('DROP TABLE ' + T)
  await db.close()
}
`

describe('k6/x/sql through the node engine', () => {
  it('returns xk6-sql/lib/pq shapes, binds $n placeholders and fails fast on a timeout', async () => {
    const run = await runScript('sql-shapes', SHAPES, { env: { PG_DSN: dsn(APP), TABLE } })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    const [shapes, timing, errors] = run.results as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]

    expect(shapes).toMatchObject({ rowsAffected: 2, updated: 1, count: 2 })
    expect((shapes.lastInsertId as { error: string }).error).toMatch(/LastInsertId is not supported by this driver.*RETURNING/)
    // lib/pq: int8 -> number, text -> string, bool -> boolean, timestamptz -> time value,
    // uuid/numeric/jsonb -> the raw text bytes, NULL -> null.
    expect(shapes.first).toEqual({
      id: { kind: 'bytes', text: '00000000-0000-4000-8000-000000000001' },
      n: { kind: 'number', value: 41 },
      amount: { kind: 'bytes', text: '12.50' },
      label: { kind: 'string', value: 'first' },
      flag: { kind: 'boolean', value: true },
      at: { kind: 'date', iso: '2024-05-06T07:08:09.120Z' },
      doc: { kind: 'bytes', text: '{"k": 1}' },
    })
    expect(shapes.second).toMatchObject({ label: { kind: 'string', value: 'second' }, at: { kind: 'null' }, doc: { kind: 'null' } })
    expect(shapes.cast).toEqual({ id: '00000000-0000-4000-8000-000000000001', amount: '12.50', doc: '{"k": 1}' })

    // queryWithTimeout("200ms") on pg_sleep(5): Go's context error well before 5 s, and the
    // connection is usable again at once (the statement was cancelled, not left running).
    const t = timing.timeout as { error: string; ms: number }
    expect(t.error).toBe('context deadline exceeded')
    expect(t.ms).toBeGreaterThanOrEqual(190)
    expect(t.ms).toBeLessThan(1500)
    expect(timing.after).toBe(1)
    expect(timing.afterMs).toBeLessThan(3000)

    expect(errors.missing).toMatchObject({ code: '42P01' })
    expect((errors.missing as { message: string }).message).toMatch(/^pq: relation "no_such_table_.*" does not exist$/)
    expect(errors.badArg).toMatch(/unsupported type \[\]interface \{\}.*ANY\(\$1::int\[\]\)/)

    // Per-operation metrics (ours; xk6-sql has none).
    expect(run.values('sql_query_duration', { operation: 'exec' }).length).toBeGreaterThanOrEqual(2)
    expect(run.values('sql_query_duration', { operation: 'query' }).length).toBeGreaterThanOrEqual(4)
    expect(run.values('sql_errors', { operation: 'query', error_code: 'timeout' })).toEqual([1])
    expect(run.values('sql_errors', { operation: 'query', error_code: '42P01' })).toEqual([1])
    expect(await connectionsOf(APP)).toBe(0) // the engine closed the pool at exit
  })

  const POOL = `
import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
// Lifecycle VUs (__VU 0) open nothing, so the handles are exactly the test's VUs.
const db = __VU > 0 ? sql.open(driver, __ENV.PG_DSN) : undefined
export const options = { vus: Number(__ENV.VUS), duration: '3s' }
export default async function () {
  await db.query('SELECT pg_sleep(0.05)')
}
`

  async function peakConnections(app: string, vus: number, processCap?: string): Promise<{ peak: number; iterations: number }> {
    const prev = process.env.EVENTLOAD_SQL_POOL_MAX
    if (processCap === undefined) delete process.env.EVENTLOAD_SQL_POOL_MAX
    else process.env.EVENTLOAD_SQL_POOL_MAX = processCap
    let peak = 0
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await connectionsOf(app))
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    try {
      const run = await runScript('sql-pool', POOL, { env: { PG_DSN: dsn(app), VUS: String(vus) } })
      expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
      return { peak, iterations: run.result.iterationsCompleted }
    } finally {
      sampling = false
      await sampler
      if (prev === undefined) delete process.env.EVENTLOAD_SQL_POOL_MAX
      else process.env.EVENTLOAD_SQL_POOL_MAX = prev
    }
  }

  it('keeps one pool per process, capped by EVENTLOAD_SQL_POOL_MAX, not one connection per VU', async () => {
    const vus = 40
    const cap = 5
    const { peak, iterations } = await peakConnections(`${APP}-cap`, vus, String(cap))
    expect(iterations).toBeGreaterThan(vus) // the VUs really ran statements concurrently
    expect(peak).toBeGreaterThan(1)
    expect(peak).toBeLessThanOrEqual(cap)
  })

  it('sizes the pool to the VUs (one connection per VU handle at most) under the default cap', async () => {
    const vus = 6
    const { peak } = await peakConnections(`${APP}-vus`, vus)
    expect(peak).toBeGreaterThan(1)
    expect(peak).toBeLessThanOrEqual(vus)
  })

  it('cancels a running statement when the VU is interrupted at the end of the graceful stop', async () => {
    const app = `${APP}-abort`
    const script = `
import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
const db = sql.open(driver, __ENV.PG_DSN)
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' } } }
export default async function () {
  await db.query('SELECT pg_sleep(30)')
}
`
    const t0 = Date.now()
    const run = await runScript('sql-abort', script, { env: { PG_DSN: dsn(app) } })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    expect(run.result.iterationsInterrupted).toBe(1)
    expect(Date.now() - t0).toBeLessThan(15_000) // far below the 30 s statement
    const sleeping = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1', ['SELECT pg_sleep(30)'])
    expect(sleeping.rows[0]?.n).toBe(0)
    expect(run.values('sql_errors', { error_code: 'canceled' })).toEqual([1])
  })
})
