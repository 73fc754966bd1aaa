// The node engine side of bench/harness-limits.ts: the k6 scripts it runs (written here, bundled
// as build/ bundles scenarios), each in its own engine process (bench/harness/engine-child.ts).
// Both are closed loops like pgbench: constant-vus, each VU one statement / one produce call at a
// time. Values are precomputed (the same bytes the other side sends), so the figures are the
// engine's and its extensions' cost, not the event generator's (docs/benchmarks.md "scenarios"
// has that: ~4.5 µs per event in V8).
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { mergeSnapshots, snapshotValues, type MetricsSnapshot } from '../../engine/index.ts'
import { segmentFor } from '../../orchestrator/engines/k6-args.ts'
import type { KafkaMessage } from '../../scenarios/lib/sinks/kafka.ts'
import type { ClientRun } from './measure.ts'
import { RANDOM_VARS, type InsertStatement } from './postgres.ts'
import type { PgRow } from './records.ts'

const CHILD = resolve(import.meta.dirname, 'engine-child.ts')

export interface Load {
  vus: number
  seconds: number
  /** Engine processes sharing the load by execution segments, as `--workers N` runs them. */
  workers?: number
}

const options = (l: Load) =>
  `export const options = { scenarios: { load: { executor: 'constant-vus', vus: ${l.vus}, duration: '${l.seconds}s', gracefulStop: '10s' } } }`

/** k6/x/sql: the statement with one value per placeholder; `seq` and `agg` drawn per row as pgbench's \set does. */
export function sqlScript(statement: InsertStatement, row: PgRow, runId: string, load: Load): string {
  const fixed = { run: runId, type: row.type, atype: row.aggregateType, payload: row.payload }
  return `import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
const db = sql.open(driver, __ENV.PG_URL)
const SQL = ${JSON.stringify(statement.node)}
const NAMES = ${JSON.stringify(statement.names)}
const FIXED = ${JSON.stringify(fixed)}
const RANDOM = ${JSON.stringify(RANDOM_VARS)}
${options(load)}
export default async function () {
  await db.exec(SQL, ...NAMES.map((n) => FIXED[n] ?? String(1 + Math.floor(Math.random() * RANDOM[n]))))
}
`
}

/** k6/x/kafka: `batch` records per produce() as the Kafka sink writes them (acks all, like openKafka). */
export function kafkaScript(messages: KafkaMessage[], brokers: string[], topic: string, batch: number, load: Load): string {
  return `import { Producer } from 'k6/x/kafka'
const MESSAGES = ${JSON.stringify(messages)}
const BATCH = ${batch}
const producer = new Producer({ brokers: ${JSON.stringify(brokers)}, topic: ${JSON.stringify(topic)}, requiredAcks: -1 })
let next = Math.floor(Math.random() * MESSAGES.length)
${options(load)}
export default async function () {
  const messages = new Array(BATCH)
  for (let k = 0; k < BATCH; k++) {
    messages[k] = MESSAGES[next]
    next = (next + 1) % MESSAGES.length
  }
  await producer.produce({ messages })
}
`
}

interface ChildOutput {
  exitCode: number
  error?: string
  unawaited: number
  metrics?: MetricsSnapshot
  cpuCores: number | null
  logs: string[]
}

interface EngineOutput {
  values: Record<string, Record<string, number>>
  /** All processes' CPU over their steady windows, in cores; NaN for a run shorter than two progress ticks. */
  cpuCores: number
  logs: string[]
}

function runChild(file: string, env: Record<string, string>, seconds: number, segment: string[], signal: AbortSignal): Promise<ChildOutput> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CHILD, file, ...segment],
      { env: { ...process.env, HARNESS_ENV: JSON.stringify(env) }, signal, timeout: (seconds + 60) * 1000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`engine run failed (${error.message.split('\n')[0]}):\n${(stdout + stderr).trim().slice(-3000)}`))
        const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildOutput
        if (out.exitCode !== 0 || out.unawaited > 0 || !out.metrics) return fail(new Error(`engine run exited ${out.exitCode} (${out.error ?? ''}):\n${out.logs.join('\n')}`))
        done(out)
      },
    )
  })
}

/** One engine process, or `workers` processes each running its segment, merged as the orchestrator merges them. */
async function runEngine(file: string, env: Record<string, string>, load: Load, signal: AbortSignal): Promise<EngineOutput> {
  const n = load.workers ?? 1
  const outs = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const seg = n > 1 ? segmentFor(i + 1, n) : undefined
      return runChild(file, env, load.seconds, seg ? [seg.segment, seg.sequence] : [], signal)
    }),
  )
  return {
    values: snapshotValues(mergeSnapshots(outs.map((o) => o.metrics!)), ['med', 'p(99)']),
    // JSON turns the child's NaN into null.
    cpuCores: outs.reduce((sum, o) => sum + (o.cpuCores ?? NaN), 0),
    logs: outs.flatMap((o) => o.logs),
  }
}

const count = (o: EngineOutput, metric: string) => o.values[metric]?.count ?? 0

export async function engineSql(file: string, pgUrl: string, rowsPerStatement: number, load: Load, signal: AbortSignal): Promise<ClientRun> {
  const o = await runEngine(file, { PG_URL: pgUrl }, load, signal)
  if (count(o, 'sql_errors') > 0) throw new Error(`engine: ${count(o, 'sql_errors')} failed statements\n${o.logs.join('\n')}`)
  const statements = count(o, 'iterations')
  const latency = o.values.sql_query_duration ?? {}
  return {
    rowsPerS: (statements * rowsPerStatement) / load.seconds,
    rows: statements * rowsPerStatement,
    p50Ms: latency.med ?? NaN,
    p99Ms: latency['p(99)'] ?? NaN,
    clientCpuCores: o.cpuCores,
    cpuUsPerRow: (o.cpuCores / ((statements * rowsPerStatement) / load.seconds)) * 1e6,
  }
}

export async function engineKafka(file: string, load: Load, signal: AbortSignal): Promise<ClientRun> {
  const o = await runEngine(file, {}, load, signal)
  if (count(o, 'kafka_writer_error_count') > 0) throw new Error(`engine: ${count(o, 'kafka_writer_error_count')} failed produce calls\n${o.logs.join('\n')}`)
  const records = count(o, 'kafka_writer_message_count')
  const latency = o.values.iteration_duration ?? {}
  const rowsPerS = records / load.seconds
  return { rowsPerS, rows: records, p50Ms: latency.med ?? NaN, p99Ms: latency['p(99)'] ?? NaN, clientCpuCores: o.cpuCores, cpuUsPerRow: (o.cpuCores / rowsPerS) * 1e6 }
}
