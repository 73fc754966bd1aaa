// Why the processor writes event documents with insertMany rather than upserts: both write
// modes side by side on the stack's MongoDB-wire server, same documents (shaped like the
// processor's), same batch size, rounds alternating which mode goes first. Each round writes
// new documents, then re-sends every document of one batch in ten (a Kafka redelivery).
// Not a test: figures go to docs/benchmarks.md ("processor" section).
//
//   npx tsx bench/processor-write-modes.ts [--docs 10000] [--batch 500] [--rounds 3]
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { MongoClient, type Collection } from 'mongodb'
import { bulkWriteErrors, DUPLICATE_KEY } from '../processor/consumer/bulk-errors.ts'
import { loadConnections } from '../stack/connections.ts'

const { values: args } = parseArgs({
  options: { docs: { type: 'string', default: '10000' }, batch: { type: 'string', default: '500' }, rounds: { type: 'string', default: '3' } },
})
const DOCS = Number(args.docs)
const BATCH = Number(args.batch)
const ROUNDS = Number(args.rounds)

interface Doc {
  _id: string
  [field: string]: unknown
}

function document(i: number): Doc {
  const id = randomUUID()
  const now = new Date()
  return {
    _id: id,
    event_id: id,
    run_id: 'bench-write-modes',
    seq: i,
    type: 'order_placed',
    aggregate_type: 'order',
    aggregate_id: `ord-${i}`,
    payload: { order_id: `ord-${i}`, customer_id: `cust-${i % 97}`, total: 42.5, currency: 'EUR', lines: [{ sku: 'sku-1', qty: 2 }] },
    created_at: now,
    created_at_pg: '2026-01-05 10:11:12.345678+00',
    scheduled_at: now,
    scheduled_at_pg: '2026-01-05 10:11:12.300000+00',
    processed_at: now,
    kafka: { topic: 'events', partition: i % 6, offset: i, timestamp: now },
  }
}

type WriteMode = (c: Collection<Doc>, docs: Doc[]) => Promise<void>

const modes: Record<'insertMany' | 'upsert', WriteMode> = {
  insertMany: async (c, docs) => {
    try {
      await c.insertMany(docs, { ordered: false })
    } catch (error) {
      const e = bulkWriteErrors(error)
      if (!e || e.some((w) => w.code !== DUPLICATE_KEY)) throw error
    }
  },
  upsert: async (c, docs) => {
    await c.bulkWrite(
      docs.map(({ _id, ...rest }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } })),
      { ordered: false },
    )
  },
}

async function round(c: Collection<Doc>, write: (c: Collection<Doc>, d: Doc[]) => Promise<void>) {
  const docs = Array.from({ length: DOCS }, (_, i) => document(i))
  let t = performance.now()
  for (let i = 0; i < docs.length; i += BATCH) await write(c, docs.slice(i, i + BATCH))
  const fresh = DOCS / ((performance.now() - t) / 1000)
  const again = docs.filter((_, i) => Math.floor(i / BATCH) % 10 === 0)
  t = performance.now()
  for (let i = 0; i < again.length; i += BATCH) await write(c, again.slice(i, i + BATCH))
  const redelivered = again.length / ((performance.now() - t) / 1000)
  if ((await c.estimatedDocumentCount()) !== DOCS) throw new Error('document count is off')
  return { fresh: Math.round(fresh), redelivered: Math.round(redelivered) }
}

const mongo = new MongoClient(loadConnections().mongo.url)
const db = mongo.db(`bench_write_modes_${process.pid}`)
const results: { mode: string; round: number; fresh: number; redelivered: number }[] = []
try {
  for (let r = 1; r <= ROUNDS; r++) {
    const order = r % 2 ? (['insertMany', 'upsert'] as const) : (['upsert', 'insertMany'] as const)
    for (const mode of order) {
      const c = db.collection<Doc>(`${mode}_${r}`)
      const res = await round(c, modes[mode])
      results.push({ mode, round: r, ...res })
      process.stderr.write(`round ${r} ${mode.padEnd(10)} new ${res.fresh} docs/s  redelivered ${res.redelivered} docs/s\n`)
      await c.drop()
    }
  }
} finally {
  await db.dropDatabase().catch(() => undefined)
  await mongo.close()
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (const mode of ['insertMany', 'upsert']) {
  const rs = results.filter((x) => x.mode === mode)
  process.stdout.write(`${mode}: median new ${median(rs.map((x) => x.fresh))} docs/s, redelivered ${median(rs.map((x) => x.redelivered))} docs/s (batch ${BATCH}, ${DOCS} docs, ${ROUNDS} rounds)\n`)
}
