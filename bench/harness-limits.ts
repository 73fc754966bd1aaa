// The load generator's limits side by side with pgbench and Kafka's ProducerPerformance, in one run.
//   npx tsx bench/harness-limits.ts [--clients 8] [--seconds 15] [--rounds 3] [--batch 10]
//                                   [--kafka-vus 8] [--kafka-batch 10,100] [--engine-workers 1,2]
//                                   [--pgbench-threads 1] [--only pg|kafka]
// Postgres: the same INSERT of rows shaped like the scenarios' events (~500-byte jsonb payload)
// into a private copy of the events table (bench/harness/postgres.ts), by pgbench with N clients
// and by the node engine running a k6/x/sql script with constant-vus N, both closed loops for
// T seconds; once with single-row statements and once with --batch rows per statement (0: skip).
// Kafka: ~700-byte records, acks=all, to a private 6-partition topic, by ProducerPerformance
// (as many records as it sends in T seconds, from a calibration run) and by the node engine's
// k6/x/kafka Producer with --kafka-vus VUs producing --kafka-batch records per call (each size
// listed is its own engine measurement, all compared with the round's ProducerPerformance run).
// Each engine measurement runs once per --engine-workers count: that many engine processes
// splitting the VUs by execution segments, merged, as the orchestrator's --workers N does.
// Rounds alternate which side goes first. Prints and writes to bench/results/ the medians of
// rows/s, latency p50/p99, client CPU, machine CPU, the engine/native ratios and the load
// average. Drops the table and deletes the topic it made.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { kafkaVersion } from '../stack/artifacts/kafka-jars.ts'
import { loadConnections } from '../stack/connections.ts'
import { bundleScript, type Bundled } from '../test/engine/sql-kafka-bundle.ts'
import { engineKafka, engineSql, kafkaScript, sqlScript } from './harness/engine.ts'
import { PrivateTopic, producerPerformance } from './harness/kafka.ts'
import { median, withMachineCpu, type ClientRun } from './harness/measure.ts'
import { insertStatement, pgbench, pgbenchVersions, PrivateTable } from './harness/postgres.ts'
import { kafkaMessages, meanBytes, pgRow } from './harness/records.ts'

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    batch: { type: 'string', default: '10' },
    'kafka-vus': { type: 'string', default: '8' },
    'kafka-batch': { type: 'string', default: '10,100' },
    'engine-workers': { type: 'string', default: '1,2' },
    'pgbench-threads': { type: 'string', default: '1' },
    only: { type: 'string' },
  },
})
const arg = (name: 'clients' | 'seconds' | 'rounds' | 'batch' | 'kafka-vus' | 'pgbench-threads'): number => {
  const v = Number(args[name])
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name}: expected a whole number, got "${args[name]}"`)
  return v
}
const CLIENTS = arg('clients')
const SECONDS = arg('seconds')
const ROUNDS = arg('rounds')
const BATCH = arg('batch')
const KAFKA_VUS = arg('kafka-vus')
const list = (name: 'kafka-batch' | 'engine-workers', example: string, max: number): number[] => {
  const text = args[name]
  const xs = text.split(',').map(Number)
  if (!xs.every((x) => Number.isInteger(x) && x >= 1 && x <= max)) throw new Error(`--${name}: expected whole numbers 1..${max}, comma-separated (e.g. ${example}), got "${text}"`)
  return xs
}
const KAFKA_BATCHES = list('kafka-batch', '10,100', 1000)
const ENGINE_WORKERS = list('engine-workers', '1,2', 8)
const THREADS = arg('pgbench-threads')
const ONLY = args.only
if (ONLY !== undefined && ONLY !== 'pg' && ONLY !== 'kafka') throw new Error(`--only: expected pg or kafka, got "${ONLY}"`)
if (CLIENTS < 1 || SECONDS < 1 || ROUNDS < 1 || KAFKA_VUS < 1 || THREADS < 1) throw new Error('--clients, --seconds, --rounds, --kafka-vus, --pgbench-threads must be >= 1')

const connections = loadConnections()
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/
const pgHost = new URL(connections.postgres.url).hostname
const kafkaHosts = connections.kafka.brokers.map((b) => b.replace(/:\d+$/, ''))
if (!LOOPBACK.test(pgHost) || !kafkaHosts.every((h) => LOOPBACK.test(h))) {
  throw new Error('harness-limits loads the local stack only (loopback Postgres and Kafka); unset the connection overrides or start it with `npm run stack -- up`')
}
const pgUrlBase = new URL(connections.postgres.url)
if (!pgUrlBase.searchParams.has('sslmode')) pgUrlBase.searchParams.set('sslmode', 'disable')
const PG_URL = pgUrlBase.toString()
const RUN_ID = `bench-harness-${Date.now()}`
const load = { vus: CLIENTS, seconds: SECONDS }

const controller = new AbortController()
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort())
const log = (line: string) => process.stderr.write(`${line}\n`)
const r2 = (x: number) => Math.round(x * 100) / 100

/** One native tool run and the node engine runs compared with it (same bytes, same target). */
interface Group {
  name: string
  native: { label: string; run: () => Promise<ClientRun> }
  engines: { label: string; run: () => Promise<ClientRun> }[]
}

const bundles: Bundled[] = []
let table: PrivateTable | undefined
let topic: PrivateTopic | undefined
const groups: Group[] = []
const runs = new Map<string, ClientRun[]>()
const facts: Record<string, unknown> = {}
try {
  if (ONLY !== 'kafka') {
    facts.postgres = await pgbenchVersions(PG_URL)
    table = await PrivateTable.create(PG_URL)
    const t = table
    const row = pgRow(RUN_ID)
    facts.payloadBytes = Buffer.byteLength(row.payload)
    for (const rows of BATCH > 1 ? [1, BATCH] : [1]) {
      const statement = insertStatement(t.name, rows)
      const bundled = await bundleScript(`harness-sql-${rows}`, sqlScript(statement, row, RUN_ID, load))
      bundles.push(bundled)
      const file = bundled.file
      // Checked against the table: what a client says it inserted must be there (plus at most the statements in flight at the end).
      const checked = (work: () => Promise<ClientRun>) => async () => {
        await t.reset()
        const r = await withMachineCpu(work)
        const n = await t.count()
        if (n < r.rows || n > r.rows + CLIENTS * rows) throw new Error(`${t.name} holds ${n} rows; the client reported ${r.rows}`)
        return r
      }
      groups.push({
        name: `postgres INSERT ${rows} row${rows > 1 ? 's' : ''}/statement, ${CLIENTS} clients, ${SECONDS} s`,
        native: { label: `pgbench -c ${CLIENTS} -j ${THREADS}`, run: checked(() => pgbench({ url: PG_URL, statement, row, runId: RUN_ID, clients: CLIENTS, threads: THREADS, seconds: SECONDS, signal: controller.signal })) },
        engines: ENGINE_WORKERS.map((workers) => ({
          label: `node engine${workers > 1 ? ` x${workers} processes` : ''}, k6/x/sql, ${CLIENTS} VUs`,
          run: checked(() => engineSql(file, PG_URL, rows, { ...load, workers }, controller.signal)),
        })),
      })
    }
  }
  if (ONLY !== 'pg') {
    topic = await PrivateTopic.create(connections.kafka)
    const tp = topic
    const messages = kafkaMessages(RUN_ID)
    const values = messages.map((m) => m.value)
    facts.kafka = kafkaVersion()
    facts.recordValueBytes = meanBytes(values)
    facts.engineRecordBytes = meanBytes(messages.map((m) => m.key + m.value + Object.entries(m.headers).flat().join('')))
    const brokers = connections.kafka.brokers
    // ProducerPerformance stops after a record count, not a time: calibrate it (also warms the topic and the JVM's disk cache).
    const probe = await producerPerformance({ brokers, topic: tp.name, values, records: 30_000, signal: controller.signal })
    const records = Math.min(5_000_000, Math.max(10_000, Math.round(probe.rowsPerS * SECONDS)))
    facts.producerPerformanceRecords = records
    log(`ProducerPerformance calibration: ${Math.round(probe.rowsPerS)} records/s -> ${records} records per run`)
    const checked = (work: () => Promise<ClientRun>, slack: number) => async () => {
      const before = await tp.records()
      const r = await withMachineCpu(work)
      const n = (await tp.records()) - before
      if (n < r.rows || n > r.rows + slack) throw new Error(`${tp.name} grew by ${n} records; the client reported ${r.rows}`)
      return r
    }
    const engines = []
    for (const batch of KAFKA_BATCHES) {
      const bundled = await bundleScript(`harness-kafka-${batch}`, kafkaScript(messages, brokers, tp.name, batch, { vus: KAFKA_VUS, seconds: SECONDS }))
      bundles.push(bundled)
      for (const workers of ENGINE_WORKERS) {
        engines.push({
          label: `node engine${workers > 1 ? ` x${workers} processes` : ''}, k6/x/kafka, ${KAFKA_VUS} VUs x ${batch} records/produce`,
          run: checked(() => engineKafka(bundled.file, { vus: KAFKA_VUS, seconds: SECONDS, workers }, controller.signal), KAFKA_VUS * batch),
        })
      }
    }
    groups.push({
      name: `kafka produce, acks=all, ~${SECONDS} s`,
      native: { label: `ProducerPerformance (${records} records)`, run: checked(() => producerPerformance({ brokers, topic: tp.name, values, records, signal: controller.signal }), 0) },
      engines,
    })
  }

  const loads: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    loads.push(loadavg()[0]!)
    log(`round ${r + 1}/${ROUNDS} (load ${loadavg()[0]!.toFixed(1)})`)
    for (const g of groups) {
      // Even rounds: the native tool first; odd rounds: the engine runs first.
      const sides = r % 2 === 0 ? [g.native, ...g.engines] : [...g.engines, g.native]
      for (const side of sides) {
        const run = await side.run()
        runs.set(`${g.name}|${side.label}`, [...(runs.get(`${g.name}|${side.label}`) ?? []), run])
        log(`  ${g.name} | ${side.label}: ${Math.round(run.rowsPerS)}/s p50 ${r2(run.p50Ms)} ms p99 ${r2(run.p99Ms)} ms, client ${r2(run.clientCpuCores)} cores (${Math.round(run.cpuUsPerRow)} µs/row), machine ${r2(run.machineCpuCores ?? NaN)} cores`)
      }
    }
  }

  const summary = (xs: ClientRun[]) => ({
    perS: Math.round(median(xs.map((x) => x.rowsPerS))),
    p50Ms: r2(median(xs.map((x) => x.p50Ms))),
    p99Ms: r2(median(xs.map((x) => x.p99Ms))),
    clientCpuCores: r2(median(xs.map((x) => x.clientCpuCores))),
    cpuUsPerRow: Math.round(median(xs.map((x) => x.cpuUsPerRow)) * 10) / 10,
    machineCpuCores: r2(median(xs.map((x) => x.machineCpuCores ?? NaN))),
    rounds: xs.map((x) => Math.round(x.rowsPerS)),
  })
  const results = groups.map((g) => {
    const nativeRuns = runs.get(`${g.name}|${g.native.label}`)!
    const native = { label: g.native.label, ...summary(nativeRuns) }
    const engines = g.engines.map((e) => {
      const er = runs.get(`${g.name}|${e.label}`)!
      return { label: e.label, ...summary(er), ratio: r2(median(er.map((x) => x.rowsPerS)) / native.perS), roundRatios: er.map((x, i) => r2(x.rowsPerS / nativeRuns[i]!.rowsPerS)) }
    })
    return { name: g.name, native, engines }
  })
  const out = {
    at: new Date().toISOString(),
    settings: { clients: CLIENTS, seconds: SECONDS, rounds: ROUNDS, batch: BATCH, kafkaVus: KAFKA_VUS, kafkaBatches: KAFKA_BATCHES, engineWorkers: ENGINE_WORKERS, pgbenchThreads: THREADS },
    ...facts,
    results,
    loadAverageAtRoundStart: loads.map(r2),
    loadAverageAtEnd: loadavg().map(r2),
  }
  const json = JSON.stringify(out, null, 2) + '\n'
  mkdirSync('bench/results', { recursive: true })
  writeFileSync(`bench/results/harness-limits-${Date.now()}.json`, json)
  process.stdout.write(json)
  process.stdout.write(
    ['', '| measurement | client | rows or records/s | engine / native | p50 ms | p99 ms | client CPU (cores) | client CPU µs/row | machine CPU (cores) |', '|---|---|---|---|---|---|---|---|---|',
      ...results.flatMap((x) => [
        `| ${x.name} | ${x.native.label} | ${x.native.perS} | | ${x.native.p50Ms} | ${x.native.p99Ms} | ${x.native.clientCpuCores} | ${x.native.cpuUsPerRow} | ${x.native.machineCpuCores} |`,
        ...x.engines.map((e) => `| | ${e.label} | ${e.perS} | ${e.ratio}x | ${e.p50Ms} | ${e.p99Ms} | ${e.clientCpuCores} | ${e.cpuUsPerRow} | ${e.machineCpuCores} |`),
      ]), ''].join('\n'),
  )
} finally {
  for (const b of bundles) b.dispose()
  await table?.drop().catch((e: Error) => log(`could not drop ${table?.name}: ${e.message}`))
  await topic?.delete().catch((e: Error) => log(`could not delete ${topic?.name}: ${e.message}`))
}
