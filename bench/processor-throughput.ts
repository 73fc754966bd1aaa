// Throughput and end-to-end latency of the reference processor on this machine. Not a test:
// figures go to docs/benchmarks.md ("processor" section) and bench/results/.
//
// For each offered rate, 8 writers insert events (2-10 rows per transaction) into a private
// copy of the events table for `--seconds`; then every event's MongoDB document gives
// end to end = processed_at − created_at, split into Postgres → Kafka (kafka.timestamp −
// created_at) and Kafka → MongoDB (processed_at − kafka.timestamp). Two processor variants
// run side by side, alternating per rate: the default (with projections) and --no-projections.
// All clocks are this host's; Kafka timestamps have millisecond resolution.
//
//   npx tsx bench/processor-throughput.ts [--rates 250,500,1000] [--seconds 20]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as hdr from 'hdr-histogram-js'
import { REPO_ROOT, resolveStackOptions } from '../stack/options.ts'
import { counterValue, createPrivatePipeline, waitFor, type PrivatePipeline } from '../test/processor/support/pipeline.ts'
import { writeConcurrently } from '../test/processor/support/workload.ts'

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '250,500,1000,1500' },
    seconds: { type: 'string', default: '20' },
    writers: { type: 'string', default: '8' },
  },
})
const RATES = args.rates.split(',').map(Number)
const SECONDS = Number(args.seconds)
const WRITERS = Number(args.writers)

interface StepResult {
  variant: string
  offeredPerSec: number
  events: number
  insertPerSec: number
  /** events written to MongoDB per second, first created_at to last processed_at */
  deliveredPerSec: number
  /** after the last insert, how long until the last document was written */
  drainMs: number
  endToEnd: Percentiles
  pgToKafka: Percentiles
  kafkaToMongo: Percentiles
  /** CPU milliseconds per 1,000 events delivered, per process (from the insert start to the drain) */
  cpuMsPer1000: Record<string, number>
  /** MongoDB write batches of the step, per consumer group: how many and their mean duration */
  batches: Record<string, { count: number; meanMs: number; meanEvents: number }>
}

async function batchTotals(pipeline: PrivatePipeline): Promise<Map<string, { count: number; sum: number }>> {
  const out = new Map<string, { count: number; sum: number }>()
  for (const v of (await pipeline.processor!.metrics.writeBatch.get()).values) {
    const group = String(v.labels.group)
    const entry = out.get(group) ?? { count: 0, sum: 0 }
    if (v.metricName?.endsWith('_count')) entry.count = v.value
    if (v.metricName?.endsWith('_sum')) entry.sum = v.value
    out.set(group, entry)
  }
  return out
}

/** CPU time (ms) of the processor (this process) and of the stack's Kafka and FerretDB. */
function cpuNow(): Record<string, number> {
  const usage = process.cpuUsage()
  const out: Record<string, number> = { processor: (usage.user + usage.system) / 1000 }
  for (const service of ['kafka', 'mongo']) {
    const pidFile = join(resolveStackOptions().stateDir, 'run', `${service}.pid`)
    if (!existsSync(pidFile)) continue
    try {
      const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number }
      // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      out[service] = (Number(fields[11]) + Number(fields[12])) * 10
    } catch {
      // not running here (external service): no figure
    }
  }
  return out
}

interface Percentiles {
  p50: number
  p95: number
  p99: number
  max: number
}

function percentiles(values: number[]): Percentiles {
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3 })
  for (const v of values) h.recordValue(Math.max(1, Math.round(v)))
  const out = { p50: h.getValueAtPercentile(50), p95: h.getValueAtPercentile(95), p99: h.getValueAtPercentile(99), max: h.maxValue }
  h.destroy()
  return out
}

async function step(pipeline: PrivatePipeline, variant: string, rate: number, expectedTotal: number): Promise<StepResult> {
  const runId = `bench-${variant}-${rate}-${Date.now()}`
  const perWriter = Math.round((rate * SECONDS) / WRITERS)
  const started = Date.now()
  const cpuBefore = cpuNow()
  const batchesBefore = await batchTotals(pipeline)
  const written = await writeConcurrently(pipeline.pool, pipeline.table, runId, { writers: WRITERS, perWriter, ratePerSecond: rate, maxHoldMs: 0 })
  const insertSeconds = (Date.now() - started) / 1000
  const lastInsert = Date.now()
  const processor = pipeline.processor!
  const total = expectedTotal + written.events
  const delivered = await waitFor(async () => (await counterValue(processor, 'consumed')) >= total, 300_000, 200)
  if (!delivered) throw new Error(`${variant} @ ${rate}/s: not all events delivered within 5 min`)
  const drainMs = Date.now() - lastInsert
  const cpuAfter = cpuNow()
  const batchesAfter = await batchTotals(pipeline)
  const batches = Object.fromEntries(
    [...batchesAfter].map(([group, after]) => {
      const before = batchesBefore.get(group) ?? { count: 0, sum: 0 }
      const count = after.count - before.count
      const label = group.endsWith('-projections') ? 'projections' : 'events'
      return [label, { count, meanMs: count ? Math.round(((after.sum - before.sum) / count) * 1000) : 0, meanEvents: count ? Math.round(written.events / count) : 0 }]
    }),
  )
  const cpuMsPer1000 = Object.fromEntries(
    Object.keys(cpuAfter).map((k) => [k, Math.round(((cpuAfter[k]! - (cpuBefore[k] ?? 0)) / written.events) * 1000)]),
  )
  // Projections catch up before the next step, so they do not compete with it.
  if (processor.config.projectionGroup) await waitFor(async () => (await counterValue(processor, 'projected')) >= total, 600_000, 500)

  const docs = await pipeline.mongo
    .db(pipeline.database)
    .collection('events')
    .find({ run_id: runId }, { projection: { created_at: 1, processed_at: 1, kafka: 1 } })
    .toArray()
  if (docs.length !== written.events) throw new Error(`${variant} @ ${rate}/s: ${docs.length} documents for ${written.events} events`)
  const created = docs.map((d) => (d.created_at as Date).getTime())
  const processed = docs.map((d) => (d.processed_at as Date).getTime())
  const kafka = docs.map((d) => (d.kafka as { timestamp: Date }).timestamp.getTime())
  const span = (Math.max(...processed) - Math.min(...created)) / 1000
  return {
    variant,
    offeredPerSec: rate,
    events: written.events,
    insertPerSec: Math.round(written.events / insertSeconds),
    deliveredPerSec: Math.round(written.events / span),
    drainMs,
    endToEnd: percentiles(docs.map((_, i) => processed[i]! - created[i]!)),
    pgToKafka: percentiles(docs.map((_, i) => kafka[i]! - created[i]!)),
    kafkaToMongo: percentiles(docs.map((_, i) => processed[i]! - kafka[i]!)),
    cpuMsPer1000,
    batches,
  }
}

const variants: { name: string; options: { projections?: boolean } }[] = [
  { name: 'default', options: {} },
  { name: 'no-projections', options: { projections: false } },
]
const loadavg1mAtStart = loadavg()[0]
const pipelines: PrivatePipeline[] = []
const results: StepResult[] = []
try {
  for (const v of variants) {
    const p = await createPrivatePipeline(`bench_${v.name.replace('-', '')}`, { quiet: true, poolSize: WRITERS + 2 })
    pipelines.push(p)
    await p.start(v.options)
  }
  const totals = variants.map(() => 0)
  for (const rate of RATES) {
    for (const [i, v] of variants.entries()) {
      const r = await step(pipelines[i]!, v.name, rate, totals[i]!)
      totals[i]! += r.events
      results.push(r)
      process.stderr.write(
        `${v.name.padEnd(15)} offered ${String(rate).padStart(5)}/s  inserted ${String(r.insertPerSec).padStart(5)}/s  delivered ${String(r.deliveredPerSec).padStart(5)}/s  ` +
          `e2e p50 ${r.endToEnd.p50} p99 ${r.endToEnd.p99} max ${r.endToEnd.max} ms  (pg->kafka p99 ${r.pgToKafka.p99}, kafka->mongo p99 ${r.kafkaToMongo.p99})  drain ${r.drainMs} ms  cpu ms/1k ${JSON.stringify(r.cpuMsPer1000)}  batches ${JSON.stringify(r.batches)}\n`,
      )
    }
  }
} finally {
  for (const p of pipelines) await p.cleanup()
}

const dir = join(REPO_ROOT, 'bench', 'results')
mkdirSync(dir, { recursive: true })
const file = join(dir, `processor-throughput-${Date.now()}.json`)
const machine = { cpus: cpus().length, loadavg1mAtEnd: loadavg()[0] }
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, writers: WRITERS, machine, loadavg1mAtStart, results }, null, 2))
process.stderr.write(`results: ${file}\n`)
