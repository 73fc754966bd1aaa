// What the drain's arrival count costs as the events collection grows with earlier runs: the
// run-id count (countDocuments, which FerretDB answers by reading the whole collection) against
// `_id` lookups of the run's ids (orchestrator/verify/id-lookup.ts, as the drain now does when
// documents are keyed by event id), side by side at each history size, rounds alternating.
// Documents are shaped like the reference processor's. It uses a private database on the local
// stack's MongoDB (dropped at the end), so nobody else's data is read or touched.
// Not a test: figures go to docs/benchmarks.md ("orchestrator" section).
//
//   npx tsx bench/arrival-count.ts [--history 0,50000,100000] [--run 1000] [--rounds 3]
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { MongoClient, type Document } from 'mongodb'
import { loadConnections } from '../stack/connections.ts'
import { idLookupFor } from '../orchestrator/verify/id-lookup.ts'
import { median } from './harness/measure.ts'

const { values } = parseArgs({
  options: { history: { type: 'string', default: '0,50000,100000' }, run: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' } },
})
const steps = values.history.split(',').map(Number).sort((a, b) => a - b)
const runSize = Number(values.run)
const rounds = Number(values.rounds)
if (steps.some((n) => !Number.isInteger(n) || n < 0) || !(runSize > 0) || !(rounds > 0)) {
  throw new Error('usage: --history <n,n,...> (non-negative integers) --run <n> --rounds <n>')
}

const doc = (runId: string): Document => {
  const id = randomUUID()
  return {
    _id: id, event_id: id, run_id: runId, seq: 0, type: 'order_placed', aggregate_type: 'order', aggregate_id: `ord-${id.slice(0, 8)}`,
    payload: { order_id: `ord-${id.slice(0, 8)}`, customer_id: 'cust-1', total: 42.5, currency: 'EUR', lines: [{ sku: 'sku-1', qty: 2 }] },
    created_at: new Date(), processed_at: new Date(), kafka: { topic: 'events', partition: 0, offset: '0', timestamp: new Date() },
  }
}

const connections = loadConnections()
if (connections.external.mongo) throw new Error('this bench writes a private database: run it against the local stack only')
const client = new MongoClient(connections.mongo.url, { appName: 'eventload-bench-arrival-count' })
const dbName = `bench_arrivals_${randomBytes(4).toString('hex')}`
const db = client.db(dbName)
const events = db.collection('events')
const time = async (work: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now()
  await work()
  return performance.now() - t0
}

try {
  await client.connect()
  const runId = 'bench-run'
  const run = Array.from({ length: runSize }, () => doc(runId))
  await events.insertMany(run)
  const ids = run.map((d) => String(d._id))
  const lookup = await idLookupFor(db, 'events')
  // One untimed pass first: the driver opens its pool connections on the first lookups.
  await lookup.find(ids)
  let history = 0
  console.log(`database ${dbName}; run of ${runSize} documents; lookups: ${lookup.how}; ${rounds} rounds each, alternating`)
  console.log('| history documents | countDocuments({run_id}) median | _id lookups of the run median | ratio |')
  console.log('|---|---|---|---|')
  for (const target of steps) {
    const insertStart = performance.now()
    while (history < target) {
      const n = Math.min(5_000, target - history)
      await events.insertMany(Array.from({ length: n }, () => doc(`history-${history % 50}`)), { ordered: false })
      history += n
    }
    if (target > 0) process.stderr.write(`history at ${history} (inserted in ${((performance.now() - insertStart) / 1000).toFixed(1)} s)\n`)
    const byRunId: number[] = []
    const byIds: number[] = []
    for (let r = 0; r < rounds; r++) {
      byRunId.push(await time(async () => {
        const n = await events.countDocuments({ run_id: runId })
        if (n !== runSize) throw new Error(`countDocuments found ${n}, expected ${runSize}`)
      }))
      byIds.push(await time(async () => {
        const found = await lookup.find(ids)
        if (found.length !== runSize) throw new Error(`lookups found ${found.length}, expected ${runSize}`)
      }))
    }
    const a = median(byRunId)
    const b = median(byIds)
    console.log(`| ${history} | ${(a / 1000).toFixed(2)} s | ${(b / 1000).toFixed(2)} s | ${(a / b).toFixed(1)}x |`)
  }
} finally {
  await db.dropDatabase().catch(() => undefined)
  await client.close()
}
