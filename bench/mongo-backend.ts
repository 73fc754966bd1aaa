// Which FerretDB backend should the local stack default to? Upserts documents shaped like the
// reference processor's (one per event, keyed by event id, `$setOnInsert` upserts as
// processor/consumer/batch-writer.ts sends them) in bulkWrite batches through the MongoDB
// driver, then re-sends 10% of them (Kafka redelivery: upserts that match existing
// documents). Two fresh FerretDB instances run side by side: SQLite and PostgreSQL (the
// stack's own Postgres, which must be up). Rounds alternate A/B so machine noise hits both.
// Not a test: figures go to docs/benchmarks.md ("stack" section).
//
//   npx tsx bench/mongo-backend.ts [--docs 20000] [--batch 100] [--rounds 3] [--binary <ferretdb>]
//
// --binary runs another FerretDB build (e.g. one built without stack/ferretdb/patches.ts).
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as hdr from 'hdr-histogram-js'
import { MongoClient, type AnyBulkWriteOperation } from 'mongodb'
import pg from 'pg'
import { ensureFerretdb, ferretdbVersion } from '../stack/artifacts/ferretdb-binary.ts'
import { loadConnections } from '../stack/connections.ts'
import { REPO_ROOT, resolveStackOptions } from '../stack/options.ts'
import { freePort } from '../stack/process/ports.ts'
import { waitFor } from '../stack/process/wait.ts'

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    binary: { type: 'string' },
  },
})
const DOCS = Number(args.docs)
const BATCH = Number(args.batch)
const ROUNDS = Number(args.rounds)
const BENCH_DB = 'ferretdb_bench'

interface Backend {
  name: 'sqlite' | 'postgresql'
  url: string
  proc: ChildProcess
}

async function startFerret(bin: string, name: Backend['name'], backendArg: string[]): Promise<Backend> {
  const port = await freePort()
  const proc = spawn(bin, ['--listen-addr', `127.0.0.1:${port}`, '--handler', name, ...backendArg, '--log-level', 'error'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `mongodb://127.0.0.1:${port}/`
  await waitFor(
    async () => {
      const c = new MongoClient(url, { serverSelectionTimeoutMS: 500 })
      try {
        await c.db('admin').command({ ping: 1 })
        return true
      } finally {
        await c.close()
      }
    },
    { timeoutMs: 30_000, what: `FerretDB (${name})` },
  )
  return { name, url, proc }
}

function eventDoc(runId: string, seq: number) {
  const id = randomUUID()
  return {
    _id: id,
    event_id: id,
    run_id: runId,
    seq,
    type: 'order.placed',
    aggregate_type: 'order',
    aggregate_id: `order-${seq % 5000}`,
    payload: { customer: `c-${seq % 997}`, items: [{ sku: 'sku-1', qty: 2, price: 19.99 }], note: 'x'.repeat(300) },
    created_at: new Date(),
    kafka: { topic: 'events', partition: seq % 6, offset: seq, timestamp: new Date() },
    processed_at: new Date(),
  }
}

type EventDoc = ReturnType<typeof eventDoc>
const upsert = (d: EventDoc): AnyBulkWriteOperation<EventDoc> => {
  const { _id, ...rest } = d
  return { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } }
}

/** Writes `docs` in batches; returns docs/s and batch latency, or 'timeout' if a batch hangs. */
async function phase(coll: ReturnType<ReturnType<MongoClient['db']>['collection']>, docs: EventDoc[]) {
  const batchLatency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 })
  const started = performance.now()
  for (let i = 0; i < docs.length; i += BATCH) {
    const ops = docs.slice(i, i + BATCH).map(upsert)
    const t0 = performance.now()
    try {
      await coll.bulkWrite(ops as AnyBulkWriteOperation[], { ordered: false, timeoutMS: BATCH_TIMEOUT_MS })
    } catch (err) {
      if ((err as Error).name === 'MongoOperationTimeoutError') return { timedOut: true as const, afterDocs: i }
      throw err
    }
    batchLatency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000))) // µs
  }
  const seconds = (performance.now() - started) / 1000
  const ms = (q: number) => batchLatency.getValueAtPercentile(q) / 1000
  return { timedOut: false as const, docsPerSec: docs.length / seconds, batchP50Ms: ms(50), batchP99Ms: ms(99), batchMaxMs: batchLatency.maxValue / 1000 }
}

const BATCH_TIMEOUT_MS = 30_000

async function runOnce(b: Backend, round: number) {
  const client = new MongoClient(b.url)
  await client.connect()
  const coll = client.db('bench').collection(`events_r${round}`)
  const runId = randomUUID()
  const docs = Array.from({ length: DOCS }, (_, i) => eventDoc(runId, i))
  const fresh = await phase(coll, docs)
  // Kafka redelivery: every 10th event again, now matching an existing document
  const again = fresh.timedOut ? fresh : await phase(coll, docs.filter((_, i) => i % 10 === 0))
  if (!fresh.timedOut && !again.timedOut) {
    const count = await coll.countDocuments({ run_id: runId })
    if (count !== DOCS) throw new Error(`${b.name}: found ${count} of ${DOCS} documents after the run`)
  }
  await coll.drop().catch(() => undefined)
  await client.close()
  return { backend: b.name, round, docs: DOCS, fresh, redelivered: again }
}

async function main() {
  const stack = resolveStackOptions()
  const conn = loadConnections({ stack })
  const bin = args.binary ?? (await ensureFerretdb(stack.cacheDir, process.env, (m) => process.stderr.write(`${m}\n`)))
  // the postgresql backend gets its own database on the stack's Postgres
  const admin = new pg.Client({ connectionString: conn.postgres.url })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${BENCH_DB}`)
  await admin.end()
  const pgUrl = new URL(conn.postgres.url)
  pgUrl.pathname = `/${BENCH_DB}`
  const sqliteDir = mkdtempSync(join(tmpdir(), 'eventload-ferret-sqlite-'))
  const backends = [
    await startFerret(bin, 'sqlite', ['--sqlite-url', `file:${sqliteDir}/`]),
    await startFerret(bin, 'postgresql', ['--postgresql-url', pgUrl.toString()]),
  ]
  const results: Awaited<ReturnType<typeof runOnce>>[] = []
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      for (const b of r % 2 ? backends : [...backends].reverse()) {
        const res = await runOnce(b, r)
        results.push(res)
        const fmt = (p: Awaited<ReturnType<typeof phase>>) =>
          p.timedOut
            ? `HUNG (a batch exceeded ${BATCH_TIMEOUT_MS / 1000}s after ${p.afterDocs} docs)`
            : `${p.docsPerSec.toFixed(0)} docs/s, batch p50 ${p.batchP50Ms.toFixed(1)} ms, p99 ${p.batchP99Ms.toFixed(1)} ms`
        process.stderr.write(`${res.backend.padEnd(10)} round ${r}: new ${fmt(res.fresh)}; redelivered ${fmt(res.redelivered)}\n`)
      }
    }
  } finally {
    for (const b of backends) b.proc.kill('SIGTERM')
    rmSync(sqliteDir, { recursive: true, force: true })
  }
  const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN)
  const summary = (['sqlite', 'postgresql'] as const).map((name) => {
    const rs = results.filter((r) => r.backend === name)
    const ok = (k: 'fresh' | 'redelivered') => rs.map((r) => r[k]).filter((p) => !p.timedOut)
    return {
      backend: name,
      newDocsPerSec: Math.round(median(ok('fresh').map((p) => p.docsPerSec))),
      newBatchP99Ms: Number(median(ok('fresh').map((p) => p.batchP99Ms)).toFixed(1)),
      redeliveredDocsPerSec: Math.round(median(ok('redelivered').map((p) => p.docsPerSec))),
      hungRounds: rs.filter((r) => r.fresh.timedOut || r.redelivered.timedOut).length,
    }
  })
  const out = { ferretdb: args.binary ?? ferretdbVersion(), docs: DOCS, batch: BATCH, rounds: ROUNDS, at: new Date().toISOString(), summary, results }
  const dir = join(REPO_ROOT, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `mongo-backend-${Date.now()}.json`)
  writeFileSync(file, JSON.stringify(out, null, 2))
  console.log(JSON.stringify(summary, null, 2))
  process.stderr.write(`results: ${file}\n`)
  // cleanup of the benchmark database
  const cleanup = new pg.Client({ connectionString: conn.postgres.url })
  await cleanup.connect()
  await cleanup.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`)
  await cleanup.end()
}

await main()
