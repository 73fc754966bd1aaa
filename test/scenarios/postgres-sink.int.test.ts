import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventGenerator } from '../../scenarios/lib/events/generator.ts'
import { parseMix } from '../../scenarios/lib/events/mix.ts'
import { catalogProducts, productListedPayload } from '../../scenarios/lib/events/products.ts'
import { toRow, type EventRow } from '../../scenarios/lib/events/row.ts'
import { PostgresSink } from '../../scenarios/lib/sinks/postgres.ts'
import { danglingReferencesSql, referenceCountSql } from './support/integrity-sql.ts'
import { pgPool, sqlDb } from './support/pg.ts'

// The Postgres sink against the local stack's Postgres, in a table of its own shaped like the
// stack's events table (so the reference processor does not pick these rows up).
const table = `scenario_sink_test_${process.pid}`
const pool = pgPool()
const runId = `sink-test-${process.pid}`
const seed = 'sink-test'

beforeAll(async () => {
  await pool.query(`CREATE TABLE ${table} (LIKE events INCLUDING ALL)`)
})
afterAll(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${table}`)
  await pool.end()
})

function catalogue(): EventRow[] {
  return catalogProducts(seed).map((p, i) =>
    toRow(
      { type: 'product_listed', aggregate_type: 'product', aggregate_id: p.sku, payload: productListedPayload(p) },
      { seed, runId, origin: { vu: 0, iter: i, k: 0 }, seq: i, scheduledAtMs: Date.now() },
    ),
  )
}

describe('PostgresSink', () => {
  const sink = new PostgresSink(sqlDb(pool), 'local test', table)

  it('checks the table and explains the fix when it is missing', async () => {
    await expect(sink.check()).resolves.toBeUndefined()
    const missing = new PostgresSink(sqlDb(pool), 'postgres://u:***@h/db', 'no_such_events_table')
    await expect(missing.check()).rejects.toThrow(/cannot use table no_such_events_table .*npm run stack -- up/)
  })

  it('writes the catalogue idempotently (every instance of a distributed run writes it)', async () => {
    await sink.write(catalogue(), { idempotent: true })
    await sink.write(catalogue(), { idempotent: true })
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE run_id = $1`, [runId])
    expect(rows[0]!.n).toBe(24)
  })

  it('writes single rows and multi-row batches with every column of the contract', async () => {
    let seq = 24
    const written: EventRow[] = []
    for (const vu of [1, 2, 3]) {
      const gen = new EventGenerator({ seed, vu, mix: parseMix(undefined) })
      for (let iter = 0; iter < 60; iter++) {
        const batch = (iter % 4) + 1 // 1..4 rows per INSERT
        const rows = Array.from({ length: batch }, (_, k) =>
          toRow(gen.next(iter, k), { seed, runId, origin: { vu, iter, k }, seq: seq++, scheduledAtMs: Date.now() - 5 }),
        )
        await sink.write(rows)
        gen.commit()
        written.push(...rows)
      }
    }
    const { rows } = await pool.query<{ scheduled_at: Date; created_at: Date }>(
      `SELECT id::text, run_id, seq, type, aggregate_type, aggregate_id, payload, scheduled_at, created_at FROM ${table} WHERE run_id = $1 AND type <> 'product_listed' ORDER BY seq`,
      [runId],
    )
    expect(rows).toHaveLength(written.length)
    for (const [i, row] of rows.entries()) {
      const sent = written[i]!
      expect(row).toMatchObject({ id: sent.id, run_id: runId, seq: String(sent.seq), type: sent.type, aggregate_type: sent.aggregate_type, aggregate_id: sent.aggregate_id, payload: sent.payload })
      expect(row.scheduled_at.toISOString()).toBe(sent.scheduled_at)
      expect(row.created_at.getTime()).toBeGreaterThanOrEqual(row.scheduled_at.getTime())
    }
  })

  it('leaves no reference to an entity not created earlier, and the SQL check finds one that is', async () => {
    const { rows: counted } = await pool.query<{ n: number }>(referenceCountSql(table), [runId])
    expect(counted[0]!.n).toBeGreaterThan(300)
    expect((await pool.query(danglingReferencesSql(table), [runId])).rows).toEqual([])
    // An order for a customer nobody registered, and a capture of a payment that does not exist.
    const gen = new EventGenerator({ seed: 'other', vu: 9, mix: parseMix('order_placed:1,payment_captured:1') })
    const orphans: EventRow[] = []
    for (let iter = 0; orphans.length < 2 && iter < 50; iter++) {
      const event = gen.next(iter)
      gen.commit()
      if (event.type === 'order_placed' && !orphans.some((o) => o.type === 'order_placed')) orphans.push(toRow(event, { seed: 'other', runId, origin: { vu: 9, iter, k: 0 }, seq: 10_000 + iter, scheduledAtMs: Date.now() }))
      if (event.type === 'payment_captured') orphans.push(toRow(event, { seed: 'other', runId, origin: { vu: 9, iter, k: 0 }, seq: 10_000 + iter, scheduledAtMs: Date.now() }))
    }
    await sink.write(orphans)
    const dangling = (await pool.query(danglingReferencesSql(table), [runId])).rows
    expect(new Set(dangling.map((d: { id: string }) => d.id))).toEqual(new Set(orphans.map((o) => o.id)))
    expect(dangling.map((d: { entity: string }) => d.entity)).toEqual(expect.arrayContaining(['customer', 'payment']))
  })

  it('fails the whole batch on a duplicate id (nothing half-written)', async () => {
    const rows = catalogue().slice(0, 3)
    await expect(sink.write(rows)).rejects.toThrow(/duplicate key/)
  })
})
