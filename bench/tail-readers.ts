// The readers bench/tail-throughput.ts times on the same topic, each reading all N records from
// the beginning and returning records/s:
//   - kafkaPerf: org.apache.kafka.tools.ConsumerPerformance (kafka-tools jar of the stack's
//     artifact cache), its fetch.nMsg.sec (the read rate without the group join);
//   - tailRate: the tail in its own process (bench/tail-child.ts), every record read, spilled
//     and timed, from `ready` to the last record;
//   - fetchFloor: the tail's fetch loop and batch decoding with nothing done per record;
//   - libraryFetchRate: the Kafka client's own Consumer.fetch with nothing done per record (the
//     path the tail used before it decoded batches itself).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Consumer } from '@platformatic/kafka'
import { PartitionFetcher } from '../orchestrator/tail/fetcher.ts'
import { decodeBatches } from '../orchestrator/tail/record-batch.ts'
import { kafkaLibsDir } from '../stack/artifacts/kafka-jars.ts'
import { loadConnections } from '../stack/connections.ts'
import { kafkaClientOptions } from '../stack/kafka/client-options.ts'
import { resolveStackOptions } from '../stack/options.ts'
import type { BenchTopic } from './tail-topic.ts'

const run = promisify(execFile)
const log = (line: string) => process.stderr.write(`  ${line}\n`)

export async function kafkaPerf(t: BenchTopic): Promise<number> {
  const libs = kafkaLibsDir(resolveStackOptions().cacheDir)
  const { stdout } = await run(
    'java',
    ['-Xmx512m', '-cp', `${libs}/*`, 'org.apache.kafka.tools.ConsumerPerformance', '--bootstrap-server', loadConnections().kafka.brokers.join(','),
      '--topic', t.topic, '--messages', String(t.records), '--group', `${t.topic}-perf-${Date.now()}`, '--timeout', '60000', '--hide-header'],
    { maxBuffer: 1 << 20 },
  )
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const fields = stdout.trim().split('\n').at(-1)!.split(',').map((s) => s.trim())
  const consumed = Number(fields[4])
  if (consumed < t.records) throw new Error(`ConsumerPerformance read ${consumed} of ${t.records}`)
  const rate = Number(fields[9])
  log(`ConsumerPerformance: ${consumed} records, fetch.nMsg.sec ${rate} (nMsg.sec with the group join ${fields[5]})`)
  return rate
}

export interface TailRun {
  rate: number
  ms: number
  maxRssMb: number
}

/** The tail of this checkout, or of another one (`root`: e.g. an export of an older commit). */
export async function tailRate(t: BenchTopic, workers: number, root = '.'): Promise<TailRun> {
  const args = ['--import', 'tsx', `${root}/bench/tail-child.ts`, t.topic, t.runId, String(t.records), ...(workers ? [String(workers)] : [])]
  const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20, cwd: root })
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as TailRun
  log(`tail${root === '.' ? '' : ` (${root})`}: ${t.records} records in ${r.ms} ms = ${r.rate} records/s (peak RSS ${r.maxRssMb} MB)`)
  return r
}

export async function fetchFloor(t: BenchTopic): Promise<number> {
  let n = 0
  const count = () => void n++
  const fetcher = new PartitionFetcher({
    kafka: loadConnections().kafka, topics: [t.topic], clientId: `${t.topic}-floor`, fromBeginning: true, log: () => undefined,
    onChunk: (c) => void decodeBatches(c.records, c, count),
  })
  await fetcher.start()
  const t0 = performance.now()
  while (n < t.records) await new Promise((r) => setTimeout(r, 5))
  const rate = (t.records / (performance.now() - t0)) * 1000
  await fetcher.stop(false, 1_000)
  log(`tail fetch loop + batch decoding, nothing per record: ${rate.toFixed(0)} records/s`)
  return rate
}

export async function libraryFetchRate(t: BenchTopic): Promise<number> {
  const consumer = new Consumer({ ...kafkaClientOptions(loadConnections().kafka), clientId: `${t.topic}-lib`, groupId: `${t.topic}-lib-never-joined` })
  try {
    const meta = await consumer.metadata({ topics: [t.topic] })
    const topic = meta.topics.get(t.topic)!
    if (new Set(topic.partitions.map((p) => p.leader)).size !== 1) throw new Error('libraryFetchRate reads from one broker: the topic has several leaders')
    const positions = topic.partitions.map(() => 0n)
    let n = 0
    const t0 = performance.now()
    while (n < t.records) {
      const response = await consumer.fetch({
        node: topic.partitions[0]!.leader, maxWaitTime: 250, minBytes: 1, maxBytes: 16 << 20,
        topics: [{ topicId: topic.id, partitions: positions.map((fetchOffset, partition) => ({ partition, fetchOffset, partitionMaxBytes: 4 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 })) }],
      })
      for (const part of response.responses[0]?.partitions ?? []) {
        for (const batch of part.records ?? []) {
          n += batch.records.length
          positions[part.partitionIndex] = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n
        }
      }
    }
    const rate = (t.records / (performance.now() - t0)) * 1000
    log(`@platformatic/kafka Consumer.fetch, nothing per record: ${rate.toFixed(0)} records/s`)
    return rate
  } finally {
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
  }
}
