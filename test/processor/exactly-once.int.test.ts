// 10,000 events from 8 concurrent writers (multi-row transactions committing out of seq
// order) must reach MongoDB exactly once and intact, with projections in per-aggregate order.
// Runs against the real local stack (Postgres, Kafka, FerretDB) on a private pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseLsn } from '../../processor/relay/lsn.ts'
import { counterValue, createPrivatePipeline, waitFor, waitForProcessed, type PrivatePipeline } from './support/pipeline.ts'
import { writeConcurrently } from './support/workload.ts'
import { compareWithPostgres, loadSource } from './support/compare.ts'

const EVENTS = 10_000
const WRITERS = 8

describe('processor delivers exactly once', () => {
  let pipeline: PrivatePipeline
  const runId = `exactly-once-${Date.now()}`

  beforeAll(async () => {
    pipeline = await createPrivatePipeline('once')
    await pipeline.start()
  })
  afterAll(async () => {
    await pipeline?.cleanup()
  })

  it('10,000 events by 8 writers arrive once each, intact', async () => {
    const written = await writeConcurrently(pipeline.pool, pipeline.table, runId, { writers: WRITERS, perWriter: EVENTS / WRITERS })
    expect(written.events).toBe(EVENTS)
    // The point of the test: transactions did commit out of seq order.
    expect(written.outOfOrderCommits).toBeGreaterThan(0)
    const walAfterWrites = parseLsn((await pipeline.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn)
    // A marker transaction after the load: once it is in MongoDB, the slot must have been
    // confirmed past everything written before it.
    const markerRun = `${runId}-marker`
    await pipeline.pool.query(
      `INSERT INTO ${pipeline.table} (id, run_id, seq, type, aggregate_type, aggregate_id, payload) VALUES (gen_random_uuid(), $1, 0, 'marker', 'marker', 'm', '{}')`,
      [markerRun],
    )

    // Progress from the processor's own counters: counting documents on FerretDB scans the
    // collection, and polling that would slow the pipeline under test.
    const processor = pipeline.processor!
    const done = await waitForProcessed(processor, EVENTS + 1, 150_000)
    expect(done, `written ${await counterValue(processor, 'consumed')}, projected ${await counterValue(processor, 'projected')} of ${EVENTS + 1}`).toBe(true)
    const events = pipeline.mongo.db(pipeline.database).collection('events')
    expect(await events.countDocuments({ run_id: markerRun })).toBe(1)

    const source = await loadSource(pipeline.pool, pipeline.table, runId)
    expect(source.size).toBe(EVENTS)
    const docs = await events.find({ run_id: runId }).toArray()
    const report = compareWithPostgres(source, docs)
    expect(report.missing).toEqual([])
    expect(report.unexpected).toEqual([])
    expect(report.duplicated).toEqual([])
    expect(report.mismatched).toEqual([])
    expect(docs).toHaveLength(EVENTS)

    // Projections follow each aggregate's order: every order ends delivered, with its
    // status history in seq order, and names a customer that exists.
    const db = pipeline.mongo.db(pipeline.database)
    const orders = await db.collection('orders').find({ run_id: runId }).toArray()
    const customers = new Set((await db.collection('customers').find({ run_id: runId }, { projection: { _id: 1 } }).toArray()).map((c) => c._id as unknown as string))
    expect(orders.length).toBeGreaterThan(0)
    for (const order of orders) {
      const history = order.history as { seq: number; set: { status?: string } }[]
      const seqs = history.map((h) => h.seq)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
      expect(order.status).toBe(history.at(-1)!.set.status)
      expect(customers.has(order.customer_id as string)).toBe(true)
    }

    // The slot was confirmed past the last write, i.e. acks reached Postgres.
    const confirmed = await waitFor(async () => {
      const row = (await pipeline.pool.query<{ lsn: string }>('SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1', [pipeline.name])).rows[0]
      return row !== undefined && parseLsn(row.lsn) > walAfterWrites
    }, 10_000)
    expect(confirmed).toBe(true)
  })
})
