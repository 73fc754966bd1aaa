// Verifying 1,000,000 events, side by side with a bare full scan of both stores, in one run:
//   npx tsx bench/verify-1m.ts [--sizes 100000,1000000] [--pairs 2]
// For each size: generates the run with the scenarios' seeded generator (50 VUs, default mix),
// loads it straight into a private Postgres table (unnest batches of 5,000 rows) and a private
// MongoDB database (insertMany, 5,000 documents per batch) shaped as the reference processor
// writes them, plus a tail spill file as the Kafka tail would leave it; then measures, each in
// its own process (bench/verify-child.ts): the bare scan (Postgres cursor + MongoDB find of the
// run) and verifyRun, alternated `--pairs` times. Prints the median times, the peak RSS of both
// and the ratio. Drops everything after.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { MongoClient } from 'mongodb'
import pg from 'pg'
import { SpillWriter } from '../orchestrator/tail/spill.ts'
import { TAIL_SPILL_FORMAT, type TailResult } from '../orchestrator/tail/types.ts'
import { StageLatency } from '../orchestrator/latency/stage.ts'
import { loadConnections } from '../stack/connections.ts'
import { generateRows } from '../test/verify/support/events.ts'

const run = promisify(execFile)
const sizesArg = process.argv.indexOf('--sizes')
const SIZES = (sizesArg > 0 ? process.argv[sizesArg + 1]! : '100000,1000000').split(',').map(Number)
const pairsArg = process.argv.indexOf('--pairs')
const PAIRS = pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 1
const BATCH = 5_000
const name = `bench_verify_${randomBytes(4).toString('hex')}`
const connections = loadConnections()
const pool = new pg.Pool({ connectionString: connections.postgres.url, max: 2 })
const mongo = new MongoClient(connections.mongo.url)
const work = join(tmpdir(), name)

// Deterministic jitter for the synthetic timings (a tiny LCG: reproducible, no dependency).
let state = 42
const jitter = (lo: number, hi: number) => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31
  return lo + (state / 2 ** 31) * (hi - lo)
}

async function load(size: number): Promise<{ runId: string; database: string; dir: string; loadMs: number }> {
  const runId = `bench-verify-${size}-${Date.now()}`
  const database = `${name}_${size}`
  const dir = join(work, String(size))
  mkdirSync(dir, { recursive: true })
  const events = mongo.db(database).collection('events')
  const spill = new SpillWriter(join(dir, 'tail-events.bin'))
  const t0 = Date.now()
  const start = Date.now() - 3_600_000
  let rows: ReturnType<typeof generateRows> extends Iterable<infer R> ? R[] : never = []
  let done = 0
  const flush = async () => {
    if (rows.length === 0) return
    const pgCols: unknown[][] = [[], [], [], [], [], [], [], [], []]
    const docs: Record<string, unknown>[] = []
    for (const r of rows) {
      const scheduled = Date.parse(r.scheduled_at)
      const created = scheduled + jitter(0.5, 5)
      const kafkaTs = Math.floor(created + jitter(3, 20))
      const processed = Math.floor(kafkaTs + jitter(5, 40))
      const createdIso = new Date(created).toISOString()
      ;[r.id, r.run_id, r.seq, r.type, r.aggregate_type, r.aggregate_id, JSON.stringify(r.payload), r.scheduled_at, createdIso].forEach((v, i) => pgCols[i]!.push(v))
      docs.push({
        _id: r.id, event_id: r.id, run_id: r.run_id, seq: r.seq, type: r.type, aggregate_type: r.aggregate_type, aggregate_id: r.aggregate_id,
        payload: r.payload, scheduled_at: new Date(scheduled), scheduled_at_pg: r.scheduled_at, created_at: new Date(Math.floor(created)), created_at_pg: createdIso,
        processed_at: new Date(processed), kafka: { topic: 'events', partition: done % 6, offset: done, timestamp: new Date(kafkaTs) },
      })
      spill.append({ eventId: r.id, type: r.type, topic: 'events', partition: done % 6, offset: done, kafkaTs, logAppendTime: 0, seenAt: kafkaTs + 1, createdAt: created, scheduledAt: scheduled, committedAt: NaN })
      done++
    }
    await pool.query(
      `INSERT INTO ${name} (id, run_id, seq, type, aggregate_type, aggregate_id, payload, scheduled_at, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::timestamptz[])`,
      pgCols,
    )
    await events.insertMany(docs, { ordered: false })
    await spill.drained()
    rows = []
  }
  for (const r of generateRows({ seed: runId, runId, events: size, vus: 50, startMs: start, intervalMs: 3_600_000 / size })) {
    rows.push(r)
    if (rows.length === BATCH) await flush()
    if (done > 0 && done % 100_000 === 0 && rows.length === 0) process.stderr.write(`  loaded ${done}/${size} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`)
  }
  await flush()
  await spill.close()
  const empty = new StageLatency('postgres->kafka', { from: '', to: '' }).serialize()
  const tail: TailResult = {
    version: 1, runId, profile: 'bench', topics: ['events'], startedAt: start, stoppedAt: Date.now(),
    counts: { records: size, events: size, uniqueEvents: size, duplicateRecords: 0, duplicateEvents: 0, otherRuns: 0, unreadable: 0 },
    byType: {}, timestampTypes: { createTime: size, logAppendTime: 0 }, partitions: [], pgToKafka: empty, kafkaToTail: empty,
    spill: { format: TAIL_SPILL_FORMAT, records: spill.records, files: [{ file: 'tail-events.bin', path: spill.path, records: spill.records, types: spill.types, topics: spill.topics }] },
    reconnects: 0, notes: ['synthetic: written by bench/verify-1m.ts'],
  }
  writeFileSync(join(dir, 'tail.json'), JSON.stringify(tail))
  await pool.query(`ANALYZE ${name}`)
  return { runId, database, dir, loadMs: Date.now() - t0 }
}

async function child(mode: 'scan' | 'verify', l: { runId: string; database: string; dir: string }): Promise<Record<string, unknown>> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bench/verify-child.ts', mode, name, l.database, l.runId, l.dir], { maxBuffer: 1 << 20 })
  if (stderr.trim()) process.stderr.write(stderr)
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
}

try {
  await pool.query(`CREATE TABLE ${name} (LIKE public.events INCLUDING ALL)`)
  const results = []
  for (const size of SIZES) {
    process.stderr.write(`size ${size}: loading\n`)
    const l = await load(size)
    process.stderr.write(`size ${size}: loaded in ${(l.loadMs / 1000).toFixed(0)} s; scan, then verify\n`)
    // Alternate scan and verify so both see the same machine (it is shared and its load moves).
    const scans: Record<string, unknown>[] = []
    const verifies: Record<string, unknown>[] = []
    for (let i = 0; i < PAIRS; i++) {
      scans.push(await child('scan', l))
      verifies.push(await child('verify', l))
      process.stderr.write(`  scan ${JSON.stringify(scans.at(-1))}\n  verify ${JSON.stringify(verifies.at(-1))}\n`)
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
    const scanMs = median(scans.map((x) => x.ms as number))
    const verifyMs = median(verifies.map((x) => x.ms as number))
    results.push({
      events: size, scanMs, verifyMs, timeRatio: Math.round((verifyMs / scanMs) * 100) / 100,
      scanMaxRssMb: Math.max(...scans.map((x) => x.maxRssMb as number)), verifyMaxRssMb: Math.max(...verifies.map((x) => x.maxRssMb as number)),
      loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10), scans, verifies,
    })
    await mongo.db(l.database).dropDatabase()
    await pool.query(`DELETE FROM ${name} WHERE run_id = $1`, [l.runId])
  }
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
} finally {
  await pool.query(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined)
  for (const size of SIZES) await mongo.db(`${name}_${size}`).dropDatabase().catch(() => undefined)
  await pool.end()
  await mongo.close()
  rmSync(work, { recursive: true, force: true })
}
