// The Kafka half of bench/harness-limits.ts: a private topic (6 partitions, like `events`), its
// end offsets (to check that what a client says it produced is in the log), and Kafka's own
// org.apache.kafka.tools.ProducerPerformance producing to it (the kafka-tools jar of the stack's
// artifact cache, as bench/tail-readers.ts finds ConsumerPerformance).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Admin } from '@platformatic/kafka'
import { kafkaLibsDir } from '../../stack/artifacts/kafka-jars.ts'
import type { Connections } from '../../stack/connections.ts'
import { kafkaClientOptions } from '../../stack/kafka/client-options.ts'
import { resolveStackOptions } from '../../stack/options.ts'
import { timed, type ClientRun } from './measure.ts'

export const PARTITIONS = 6

export class PrivateTopic {
  private constructor(
    readonly name: string,
    private readonly admin: Admin,
  ) {}

  static async create(kafka: Connections['kafka']): Promise<PrivateTopic> {
    const admin = new Admin({ ...kafkaClientOptions(kafka), clientId: 'eventload-bench-harness' })
    const name = `bench_harness_${randomBytes(4).toString('hex')}`
    try {
      await admin.createTopics({ topics: [name], partitions: PARTITIONS, replicas: 1 })
    } catch (error) {
      await admin.close()
      throw error
    }
    return new PrivateTopic(name, admin)
  }

  /** Records in the topic's log so far (sum of the partitions' end offsets). */
  async records(): Promise<number> {
    const request = [{ name: this.name, partitions: Array.from({ length: PARTITIONS }, (_, i) => ({ partitionIndex: i, timestamp: -1n })) }]
    let n = 0n
    for (const t of await this.admin.listOffsets({ topics: request })) for (const p of t.partitions) n += p.offset
    return Number(n)
  }

  async delete(): Promise<void> {
    try {
      await this.admin.deleteTopics({ topics: [this.name] })
    } finally {
      await this.admin.close()
    }
  }
}

export interface ProducerPerfOptions {
  brokers: string[]
  topic: string
  /** Record values (JSON text without newlines), one picked at random per record. */
  values: string[]
  records: number
  signal: AbortSignal
}

/**
 * ProducerPerformance with acks=all and otherwise the Java producer's defaults (batch.size 16 KB,
 * linger.ms 5), unthrottled. Keys are random integers (it cannot send string keys or headers).
 * Its own records/sec and latency percentiles (send to acknowledgement, per record).
 */
export async function producerPerformance(o: ProducerPerfOptions): Promise<ClientRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-producer-perf-'))
  try {
    const payloads = join(dir, 'values.txt')
    writeFileSync(payloads, o.values.join('\n'))
    const libs = kafkaLibsDir(resolveStackOptions().cacheDir)
    const { stdout, cpu } = await timed(
      'java',
      ['-Xmx512m', '-cp', `${libs}/*`, 'org.apache.kafka.tools.ProducerPerformance', '--bootstrap-server', o.brokers.join(','), '--topic', o.topic,
        '--num-records', String(o.records), '--throughput', '-1', '--payload-file', payloads, '--key-distribution', 'random', '--record-key-range', '100000',
        '--command-property', 'acks=all', `client.id=${o.topic}-perf`],
      { signal: o.signal, timeoutMs: 180_000 },
    )
    // "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th."
    const line = stdout.split('\n').find((l) => l.includes('50th'))
    const m = line && /^(\d+) records sent, ([\d.]+) records\/sec .* (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/.exec(line.trim())
    if (!m) throw new Error(`ProducerPerformance: no summary line in its output:\n${stdout.slice(-2000)}`)
    if (Number(m[1]) !== o.records) throw new Error(`ProducerPerformance sent ${m[1]} of ${o.records} records`)
    return { rowsPerS: Number(m[2]), rows: Number(m[1]), p50Ms: Number(m[3]), p99Ms: Number(m[5]), clientCpuCores: cpu.cores,
      // JVM start-up and JIT included: ProducerPerformance reports no CPU of its own.
      cpuUsPerRow: ((cpu.userS + cpu.sysS) / o.records) * 1e6 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
