// Test events with real ordering constraints: each writer runs "flows" (a customer, their
// order, its payment and shipment) whose events must stay in order per aggregate, grouped
// into multi-row transactions. Sequence numbers are taken before a transaction starts and
// commits are held a random moment, so transactions commit out of seq order, which is what
// breaks id-polling CDC.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'

export interface TestEvent {
  readonly id: string
  readonly type: string
  readonly aggregate_type: string
  readonly aggregate_id: string
  readonly payload: Record<string, unknown>
}

export function testEvent(type: string, aggregate_type: string, aggregate_id: string, payload: Record<string, unknown>): TestEvent {
  return { id: randomUUID(), type, aggregate_type, aggregate_id, payload }
}

/** Inserts `events` as one multi-row INSERT, with seq numbers from `firstSeq` on. */
export async function insertEvents(client: pg.ClientBase, table: string, runId: string, events: readonly TestEvent[], firstSeq: number): Promise<void> {
  const values: unknown[] = []
  const tuples = events.map((e, k) => {
    values.push(e.id, runId, firstSeq + k, e.type, e.aggregate_type, e.aggregate_id, JSON.stringify(e.payload))
    const p = k * 7
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}::jsonb, clock_timestamp())`
  })
  await client.query(
    `INSERT INTO ${table} (id, run_id, seq, type, aggregate_type, aggregate_id, payload, scheduled_at) VALUES ${tuples.join(', ')}`,
    values,
  )
}

/** The six events of one flow, in the order their aggregates require. */
export function flowEvents(writer: number, flow: number): TestEvent[] {
  const customer = `cust-${writer}-${flow}`
  const order = `ord-${writer}-${flow}`
  const payment = `pay-${writer}-${flow}`
  const shipment = `shp-${writer}-${flow}`
  const total = 10 + ((writer * 31 + flow * 7) % 90) + 0.99
  const e = testEvent
  return [
    e('customer_registered', 'customer', customer, { customer_id: customer, email: `${customer}@example.test`, vip: flow % 5 === 0, tags: ['a', 'b'] }),
    e('order_placed', 'order', order, { order_id: order, customer_id: customer, total, currency: 'EUR', lines: [{ sku: 'sku-1', qty: 2 }] }),
    e('payment_authorized', 'order', order, { order_id: order, payment_id: payment, amount: total, currency: 'EUR', method: 'card' }),
    e('payment_captured', 'order', order, { order_id: order, payment_id: payment, amount: total, currency: 'EUR' }),
    e('shipment_dispatched', 'order', order, { order_id: order, shipment_id: shipment, carrier: 'dhl', note: null }),
    e('shipment_delivered', 'order', order, { order_id: order, shipment_id: shipment, carrier: 'dhl', received_by: 'Ana Ñúñez "ü" \\ ✓' }),
  ]
}

export interface WriteResult {
  readonly events: number
  readonly transactions: number
  /** transaction pairs that committed in the opposite order of their seq numbers */
  readonly outOfOrderCommits: number
}

/**
 * Inserts `perWriter` events from each of `writers` concurrent connections, 2-10 rows per
 * transaction. `onEvent` sees each event's seq as it is assigned.
 */
export async function writeConcurrently(
  pool: pg.Pool,
  table: string,
  runId: string,
  options: { writers: number; perWriter: number; maxHoldMs?: number; ratePerSecond?: number },
): Promise<WriteResult> {
  let nextSeq = 0
  const commits: number[] = [] // first seq of each transaction, in commit order
  const started = Date.now()
  let written = 0
  const writer = async (w: number) => {
    const events: TestEvent[] = []
    for (let flow = 0; events.length < options.perWriter; flow++) events.push(...flowEvents(w, flow))
    events.length = options.perWriter
    const client = await pool.connect()
    try {
      for (let i = 0; i < events.length; ) {
        const size = Math.min(events.length - i, 2 + Math.floor(Math.random() * 9))
        const rows = events.slice(i, i + size)
        i += size
        const firstSeq = nextSeq
        nextSeq += size
        if (options.ratePerSecond) {
          const due = started + (written / options.ratePerSecond) * 1000
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
        }
        written += size
        await client.query('BEGIN')
        await insertEvents(client, table, runId, rows, firstSeq)
        const hold = Math.random() * (options.maxHoldMs ?? 5)
        if (hold >= 1) await new Promise((r) => setTimeout(r, hold))
        await client.query('COMMIT')
        commits.push(firstSeq)
      }
    } finally {
      client.release()
    }
  }
  await Promise.all(Array.from({ length: options.writers }, (_, w) => writer(w)))
  let inversions = 0
  let maxSoFar = -1
  for (const s of commits) {
    if (s < maxSoFar) inversions++
    maxSoFar = Math.max(maxSoFar, s)
  }
  return { events: written, transactions: commits.length, outOfOrderCommits: inversions }
}
