// The Kafka tail's read rate next to Kafka's own consumer perf tool on the same topic, in one run.
//   npx tsx bench/tail-throughput.ts [--records 500000] [--rounds 3] [--workers 2]
// Fills a private topic with N records shaped like the reference processor's (JSON event value,
// event-id/created-at headers, ~700 bytes), then alternates, per round:
//   - org.apache.kafka.tools.ConsumerPerformance (kafka-tools jar from the stack's artifact cache)
//     reading all N records;
//   - the tail in its own process (bench/tail-child.ts; fromBeginning, the run id of every record), reading all N, timed from `ready`
//     to the moment it has seen all of them (it parses every record: ids, run id, type, times,
//     spill file, HDR).
//   - the tail's fetch loop with nothing done per record (the Node client's decoding floor).
// Prints records/s of each and the ratio (goal: tail >= 0.5x). Deletes its topic afterwards.
import { execFile } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { Admin, Producer, stringSerializers } from '@platformatic/kafka'
import { PartitionFetcher } from '../orchestrator/tail/fetcher.ts'
import { kafkaLibsDir, kafkaVersion } from '../stack/artifacts/kafka-jars.ts'
import { loadConnections } from '../stack/connections.ts'
import { kafkaClientOptions } from '../stack/kafka/client-options.ts'
import { resolveStackOptions } from '../stack/options.ts'
import { generateRows } from '../test/verify/support/events.ts'

const run = promisify(execFile)
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const RECORDS = arg('records', 500_000)
const ROUNDS = arg('rounds', 3)
const WORKERS = arg('workers', 0)
const tailRss: number[] = []
const connections = loadConnections()
const topic = `bench_tail_${randomBytes(4).toString('hex')}`
const runId = `bench-tail-${Date.now()}`
const kafka = { ...kafkaClientOptions(connections.kafka), clientId: topic }

async function fill(): Promise<void> {
  const producer = new Producer({ ...kafka, serializers: stringSerializers, acks: 1 })
  const rows = generateRows({ seed: runId, runId, events: RECORDS, vus: 50 })
  let batch: { topic: string; key: string; value: string; headers: Record<string, string> }[] = []
  let sent = 0
  const t0 = Date.now()
  for (const row of rows) {
    const created = new Date().toISOString()
    const value = { ...row, scheduled_at: row.scheduled_at, created_at: created, created_at_pg: created.replace('T', ' ').replace('Z', '000+00') }
    batch.push({ topic, key: row.aggregate_id ?? randomUUID(), value: JSON.stringify(value), headers: { 'event-id': row.id, 'created-at': created } })
    if (batch.length === 2_000) {
      await producer.send({ messages: batch })
      sent += batch.length
      batch = []
    }
  }
  if (batch.length) await producer.send({ messages: batch })
  sent += batch.length
  await producer.close()
  process.stderr.write(`filled ${topic}: ${sent} records in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
}

async function kafkaPerf(): Promise<number> {
  const libs = kafkaLibsDir(resolveStackOptions().cacheDir)
  const t0 = Date.now()
  const { stdout } = await run(
    'java',
    ['-Xmx512m', '-cp', `${libs}/*`, 'org.apache.kafka.tools.ConsumerPerformance', '--bootstrap-server', connections.kafka.brokers.join(','),
      '--topic', topic, '--messages', String(RECORDS), '--group', `${topic}-perf-${Date.now()}`, '--timeout', '60000', '--hide-header'],
    { maxBuffer: 1 << 20 },
  )
  const wall = Date.now() - t0
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const fields = stdout.trim().split('\n').at(-1)!.split(',').map((s) => s.trim())
  const consumed = Number(fields[4])
  const fetchMsgSec = Number(fields[9])
  if (consumed < RECORDS) throw new Error(`ConsumerPerformance read ${consumed} of ${RECORDS}`)
  process.stderr.write(`  ConsumerPerformance: ${consumed} records, nMsg.sec ${fields[5]}, fetch.nMsg.sec ${fetchMsgSec} (JVM wall ${wall} ms)\n`)
  // fetch.nMsg.sec excludes the group join (rebalance) time: the pure read rate.
  return fetchMsgSec
}

/** The same fetch loop with nothing done per record: the Node Kafka client's own decoding rate. */
async function bareFetchRate(): Promise<number> {
  let n = 0
  const fetcher = new PartitionFetcher({ kafka: connections.kafka, topics: [topic], clientId: `${topic}-bare`, fromBeginning: true, onRecords: (r) => void (n += r.length), log: () => undefined })
  await fetcher.start()
  const t0 = performance.now()
  while (n < RECORDS) await new Promise((r) => setTimeout(r, 20))
  const ms = performance.now() - t0
  await fetcher.stop(false, 1_000)
  const rate = (RECORDS / ms) * 1000
  process.stderr.write(`  bare fetch loop (decode only): ${rate.toFixed(0)} records/s\n`)
  return rate
}

async function tailRate(): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/tail-child.ts', topic, runId, String(RECORDS), ...(WORKERS ? [String(WORKERS)] : [])], { maxBuffer: 1 << 20 })
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { rate: number; ms: number; maxRssMb: number }
  tailRss.push(r.maxRssMb)
  process.stderr.write(`  tail: ${RECORDS} records in ${r.ms} ms = ${r.rate} records/s (its process: peak RSS ${r.maxRssMb} MB)\n`)
  return r.rate
}

const admin = new Admin(kafka)
await admin.createTopics({ topics: [topic], partitions: 6, replicas: 1 })
try {
  await fill()
  const perf: number[] = []
  const tail: number[] = []
  const bare: number[] = []
  for (let r = 1; r <= ROUNDS; r++) {
    process.stderr.write(`round ${r}/${ROUNDS}\n`)
    perf.push(await kafkaPerf())
    tail.push(await tailRate())
    bare.push(await bareFetchRate())
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const out = {
    records: RECORDS,
    partitions: 6,
    kafka: kafkaVersion(),
    consumerPerformanceRecordsPerSec: Math.round(median(perf)),
    tailRecordsPerSec: Math.round(median(tail)),
    bareFetchRecordsPerSec: Math.round(median(bare)),
    tailPeakRssMb: Math.max(...tailRss),
    ratio: Math.round((median(tail) / median(perf)) * 100) / 100,
    roundRatios: tail.map((t, i) => Math.round((t / perf[i]!) * 100) / 100),
    rounds: { consumerPerformance: perf.map(Math.round), tail: tail.map(Math.round), bareFetch: bare.map(Math.round) },
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n')
} finally {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.close()
}
