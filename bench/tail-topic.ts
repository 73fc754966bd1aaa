// The tail benchmarks' private topic: N records shaped like the reference processor's (the
// scenarios' generator; JSON event value ~700 bytes, `event-id` and `created-at` headers), of
// one run id. Used by bench/tail-throughput.ts; `npx tsx bench/tail-topic.ts fill 500000` keeps
// one around for profiling (`... delete <topic>` removes it).
import { randomBytes, randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { Admin, Producer, stringSerializers } from '@platformatic/kafka'
import { loadConnections } from '../stack/connections.ts'
import { kafkaClientOptions } from '../stack/kafka/client-options.ts'
import { generateRows } from '../test/verify/support/events.ts'

export interface BenchTopic {
  topic: string
  runId: string
  records: number
  partitions: number
}

const kafka = () => ({ ...kafkaClientOptions(loadConnections().kafka), clientId: 'eventload-bench-tail' })

export async function fillTopic(records: number, options: { partitions?: number; compression?: 'none' | 'gzip' | 'snappy' | 'lz4' } = {}): Promise<BenchTopic> {
  const topic = `bench_tail_${randomBytes(4).toString('hex')}`
  const runId = `bench-tail-${Date.now()}`
  const partitions = options.partitions ?? 6
  const admin = new Admin(kafka())
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 })
  } finally {
    await admin.close()
  }
  const producer = new Producer({ ...kafka(), serializers: stringSerializers, acks: 1, compression: options.compression ?? 'none' })
  const t0 = Date.now()
  try {
    let batch: { topic: string; key: string; value: string; headers: Record<string, string> }[] = []
    for (const row of generateRows({ seed: runId, runId, events: records, vus: 50 })) {
      const created = new Date().toISOString()
      const value = { ...row, created_at: created, created_at_pg: created.replace('T', ' ').replace('Z', '000+00') }
      batch.push({ topic, key: row.aggregate_id ?? randomUUID(), value: JSON.stringify(value), headers: { 'event-id': row.id, 'created-at': created } })
      if (batch.length === 2_000) {
        await producer.send({ messages: batch })
        batch = []
      }
    }
    if (batch.length) await producer.send({ messages: batch })
  } finally {
    await producer.close()
  }
  process.stderr.write(`filled ${topic}: ${records} records in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
  return { topic, runId, records, partitions }
}

export async function deleteTopic(topic: string): Promise<void> {
  const admin = new Admin(kafka())
  try {
    await admin.deleteTopics({ topics: [topic] })
  } finally {
    await admin.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, arg] = process.argv.slice(2)
  if (command === 'fill') process.stdout.write(JSON.stringify(await fillTopic(Number(arg ?? 500_000))) + '\n')
  else if (command === 'delete' && arg) await deleteTopic(arg)
  else process.stderr.write('usage: npx tsx bench/tail-topic.ts fill [records] | delete <topic>\n')
}
