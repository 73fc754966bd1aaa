// The tail reads record batches as the real broker writes them (the shared stack's Kafka, private
// topics deleted afterwards):
//   - compressed by the broker itself (topic compression.type: the broker recompresses with the
//     Java codecs, so snappy comes in xerial framing) and by the producer;
//   - transactional: records of an aborted transaction are not events, committed ones are, and
//     the control markers are never records.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as zlib from 'node:zlib'
import { Admin, Producer, stringSerializers } from '@platformatic/kafka'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultProfile } from '../../orchestrator/profile/default.ts'
import { startTail } from '../../orchestrator/tail/index.ts'
import { loadConnections } from '../../stack/connections.ts'
import { kafkaClientOptions } from '../../stack/kafka/client-options.ts'

const connections = loadConnections()
const client = { ...kafkaClientOptions(connections.kafka), clientId: 'tail-batches-test' }
const suffix = randomBytes(3).toString('hex')
const created: string[] = []
const zstdInNode = typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function'

type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

async function createTopic(name: string, config: Record<string, string> = {}): Promise<string> {
  const topic = `${name}_${suffix}`
  const admin = new Admin(client)
  try {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1, configs: Object.entries(config).map(([n, value]) => ({ name: n, value })) })
  } finally {
    await admin.close()
  }
  created.push(topic)
  return topic
}

function messages(topic: string, runId: string, count: number) {
  const ids = Array.from({ length: count }, () => randomUUID())
  return {
    ids,
    list: ids.map((id, i) => ({
      topic, key: id, headers: { 'event-id': id },
      value: JSON.stringify({ id, run_id: runId, type: 'order_placed', created_at: new Date().toISOString(), payload: { n: i, pad: 'x'.repeat(200) } }),
    })),
  }
}

async function produce(topic: string, runId: string, count: number, compression: Codec = 'none'): Promise<string[]> {
  const producer = new Producer({ ...client, serializers: stringSerializers, compression })
  try {
    const m = messages(topic, runId, count)
    await producer.send({ messages: m.list })
    return m.ids
  } finally {
    await producer.close()
  }
}

async function tailAll(topics: string[], runId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tail-batches-'))
  const lines: string[] = []
  try {
    const p = defaultProfile()
    const tail = startTail({ connections, profile: { ...p, kafka: { ...p.kafka, topics } }, runId, dir, fromBeginning: true, log: (l) => lines.push(l) })
    await tail.ready
    return { result: await tail.stop({ timeoutMs: 30_000 }), lines }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

afterAll(async () => {
  const admin = new Admin(client)
  await admin.deleteTopics({ topics: created }).catch(() => undefined)
  await admin.close()
}, 30_000)

describe('tail over real broker batches', () => {
  it('reads batches the broker compressed (gzip, snappy, lz4) and the producer compressed; zstd read or counted with the fix', async () => {
    const runId = `codecs-${Date.now()}`
    let expected = 0
    const topics: string[] = []
    for (const codec of ['gzip', 'snappy', 'lz4'] as const) {
      const byBroker = await createTopic(`tail_broker_${codec}`, { 'compression.type': codec })
      const byProducer = await createTopic(`tail_producer_${codec}`)
      topics.push(byBroker, byProducer)
      expected += (await produce(byBroker, runId, 150)).length + (await produce(byProducer, runId, 150, codec)).length
    }
    const zstdTopic = await createTopic('tail_broker_zstd', { 'compression.type': 'zstd' })
    topics.push(zstdTopic)
    const zstdIds = await produce(zstdTopic, runId, 150)
    const { result, lines } = await tailAll(topics, runId)
    if (zstdInNode) {
      expect(result.counts).toMatchObject({ events: expected + zstdIds.length, uniqueEvents: expected + zstdIds.length, unreadable: 0, duplicateRecords: 0 })
    } else {
      expect(result.counts).toMatchObject({ events: expected, uniqueEvents: expected, unreadable: zstdIds.length, duplicateRecords: 0 })
      expect(result.notes.join('\n')).toMatch(/zstd.*Node\.js 22\.15.*\(150\)/)
      expect(lines.some((l) => l.includes(zstdTopic) && l.includes('zstd'))).toBe(true)
    }
  }, 120_000)

  it('skips the records of aborted transactions and the control markers, keeps committed ones', async () => {
    const runId = `txn-${Date.now()}`
    const topic = await createTopic('tail_txn')
    const producer = new Producer({ ...client, serializers: stringSerializers, idempotent: true, transactionalId: `tail-txn-${suffix}` })
    const committed: string[] = []
    try {
      for (const outcome of ['commit', 'abort', 'commit', 'abort'] as const) {
        const m = messages(topic, runId, 40)
        const txn = await producer.beginTransaction()
        await txn.send({ messages: m.list })
        if (outcome === 'commit') {
          await txn.commit()
          committed.push(...m.ids)
        } else await txn.abort()
      }
      committed.push(...(await produce(topic, runId, 20)))
    } finally {
      await producer.close()
    }
    const { result } = await tailAll([topic], runId)
    expect(result.counts).toMatchObject({ records: committed.length, events: committed.length, uniqueEvents: committed.length, unreadable: 0, otherRuns: 0 })
  }, 120_000)
})
