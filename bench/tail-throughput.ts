// The Kafka tail's read rate next to Kafka's own consumer perf tool on the same topic, in one run.
//   npx tsx bench/tail-throughput.ts [--records 500000] [--rounds 5] [--workers 2] [--topic T --run-id R]
//                                    [--baseline DIR] [--library]
// Fills a private 6-partition topic with N records shaped like the reference processor's
// (bench/tail-topic.ts; or reuses --topic), then per round runs, in an order that rotates each
// round so none always goes first or last (bench/tail-readers.ts):
//   ConsumerPerformance, the tail (own process), the tail's fetch + decode floor,
//   with --baseline DIR also the tail of another checkout (e.g. `git archive <commit> | tar -x -C DIR`,
//   node_modules linked, this bench/tail-child.ts copied in), with --library the Kafka client's
//   own Consumer.fetch decoding.
// Prints the median records/s of each, the tail/ConsumerPerformance ratio (goal >= 0.5) and the
// load average; writes the same JSON to bench/results/. Deletes the topic it created.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { kafkaVersion } from '../stack/artifacts/kafka-jars.ts'
import { fetchFloor, kafkaPerf, libraryFetchRate, tailRate, type TailRun } from './tail-readers.ts'
import { deleteTopic, fillTopic, type BenchTopic } from './tail-topic.ts'

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}
const RECORDS = Number(arg('records') ?? 500_000)
const ROUNDS = Number(arg('rounds') ?? 5)
const WORKERS = Number(arg('workers') ?? 0)
const BASELINE = arg('baseline')
const LIBRARY = process.argv.includes('--library')

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const round1 = (x: number) => Math.round(x * 100) / 100

const given = arg('topic')
const topic: BenchTopic = given ? { topic: given, runId: arg('run-id') ?? '', records: RECORDS, partitions: 6 } : await fillTopic(RECORDS)
if (given && !topic.runId) throw new Error('--topic needs --run-id (the run id its records carry)')
const rates: Record<string, number[]> = { consumerPerformance: [], tail: [], fetchFloor: [], ...(BASELINE ? { baselineTail: [] } : {}), ...(LIBRARY ? { libraryFetch: [] } : {}) }
const tailRuns: TailRun[] = []
const loads: number[] = []
try {
  const readers: [string, () => Promise<number>][] = [
    ['consumerPerformance', () => kafkaPerf(topic)],
    ['tail', async () => {
      const r = await tailRate(topic, WORKERS)
      tailRuns.push(r)
      return r.rate
    }],
    ['fetchFloor', () => fetchFloor(topic)],
  ]
  if (BASELINE) readers.push(['baselineTail', async () => (await tailRate(topic, WORKERS, BASELINE)).rate])
  if (LIBRARY) readers.push(['libraryFetch', () => libraryFetchRate(topic)])
  for (let r = 0; r < ROUNDS; r++) {
    process.stderr.write(`round ${r + 1}/${ROUNDS} (load ${loadavg()[0]!.toFixed(1)})\n`)
    loads.push(loadavg()[0]!)
    for (let i = 0; i < readers.length; i++) {
      const [name, read] = readers[(i + r) % readers.length]!
      rates[name]!.push(await read())
    }
  }
  const medians = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(median(v))]))
  const out = {
    records: RECORDS,
    partitions: topic.partitions,
    kafka: kafkaVersion(),
    medians,
    ratio: round1(medians.tail! / medians.consumerPerformance!),
    roundRatios: rates.tail!.map((t, i) => round1(t / rates.consumerPerformance![i]!)),
    ...(BASELINE ? { baselineRatio: round1(medians.baselineTail! / medians.consumerPerformance!) } : {}),
    tailPeakRssMb: Math.max(...tailRuns.map((t) => t.maxRssMb)),
    rounds: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.map(Math.round)])),
    loadAverageAtRoundStart: loads.map((x) => round1(x)),
    loadAverageAtEnd: loadavg().map(round1),
  }
  const json = JSON.stringify(out, null, 2) + '\n'
  mkdirSync('bench/results', { recursive: true })
  writeFileSync(`bench/results/tail-throughput-${Date.now()}.json`, json)
  process.stdout.write(json)
} finally {
  if (!given) await deleteTopic(topic.topic).catch((e: Error) => process.stderr.write(`could not delete ${topic.topic}: ${e.message}\n`))
}
