// One measured pass of bench/verify-1m.ts, in its own process so its peak RSS is its own:
//   scan   — a bare full scan of the run in both stores (Postgres cursor, MongoDB find), nothing else;
//   verify — verifyRun on the same run (no projections in the profile: none were loaded).
// Prints one JSON line: {mode, ms, maxRssMb, ...}.
import { MongoClient } from 'mongodb'
import { defaultProfile } from '../orchestrator/profile/default.ts'
import type { PipelineProfile } from '../orchestrator/profile/schema.ts'
import { ident } from '../orchestrator/profile/sql.ts'
import { verifyRun } from '../orchestrator/verify/index.ts'
import { PgSnapshot } from '../orchestrator/verify/pg-snapshot.ts'
import { loadConnections } from '../stack/connections.ts'

const [mode, table, database, runId, dir] = process.argv.slice(2)
if (!mode || !table || !database || !runId || !dir) {
  process.stderr.write('usage: verify-child.ts scan|verify <table> <mongo database> <run id> <report dir>\n')
  process.exit(2)
}
const base = loadConnections()
const connections = { ...base, mongo: { ...base.mongo, database } }

function benchProfile(tableName: string): PipelineProfile {
  const p = defaultProfile()
  return { ...p, name: 'bench (events only)', postgres: { ...p.postgres, table: tableName }, projections: [] }
}

const t0 = performance.now()
let extra: Record<string, unknown> = {}
if (mode === 'scan') {
  const pg = await PgSnapshot.open(connections.postgres.url)
  let rows = 0
  try {
    for await (const row of pg.rows<Record<string, unknown>>(`SELECT * FROM ${ident(table)} WHERE run_id = $1`, [runId])) if (row) rows++
  } finally {
    await pg.close()
  }
  const pgMs = performance.now() - t0
  const mongo = new MongoClient(connections.mongo.url)
  let docs = 0
  try {
    for await (const doc of mongo.db(database).collection('events').find({ run_id: runId }, { batchSize: 5_000 })) if (doc) docs++
  } finally {
    await mongo.close()
  }
  extra = { rows, docs, pgMs: Math.round(pgMs), mongoMs: Math.round(performance.now() - t0 - pgMs) }
} else {
  const result = await verifyRun({
    connections, profile: benchProfile(table), runId, tail: `${dir}/tail.json`, reportDir: dir, sampleSize: 5,
    log: (line) => process.stderr.write(`    ${line}\n`),
  })
  extra = {
    pass: result.pass,
    committed: result.counts.committed,
    documents: result.counts.documents,
    failed: result.checks.filter((c) => !c.pass).map((c) => c.name),
    e2eP50: result.latency.stages.find((s) => s.name === 'end-to-end')?.overall.p50,
  }
}
const ms = performance.now() - t0
process.stdout.write(JSON.stringify({ mode, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...extra }) + '\n')
