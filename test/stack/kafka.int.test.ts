// The stack's real Kafka broker: topology topics exist, auto-creation is off, and a record
// produced to a fresh topic is consumed back intact (key, value, header).
import { randomUUID } from 'node:crypto'
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'
import { kafkaClientOptions } from '../../stack/kafka/client-options.ts'
import { topology } from '../../stack/topology.ts'

const base = kafkaClientOptions(loadConnections().kafka)
const topic = `stack-test-${randomUUID()}`
const admin = new Admin({ clientId: 'stack-test', ...base })

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
  await admin.close()
})

describe('kafka (local stack)', () => {
  it('has the topology topics with their partition counts', async () => {
    const meta = await admin.metadata({ topics: topology.kafka.topics.map((t) => t.name) })
    for (const t of topology.kafka.topics) expect(meta.topics.get(t.name)?.partitionsCount, t.name).toBe(t.partitions)
  })

  it('produces a record and consumes it back', async () => {
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    const producer = new Producer({ clientId: 'stack-test', ...base, serializers: stringSerializers })
    const value = JSON.stringify({ hello: 'kafka', at: Date.now() })
    try {
      await producer.send({ messages: [{ topic, key: 'agg-1', value, headers: { 'event-id': 'e-1' } }] })
    } finally {
      await producer.close()
    }
    const consumer = new Consumer({ clientId: 'stack-test', groupId: `stack-test-${randomUUID()}`, ...base, deserializers: stringDeserializers })
    try {
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 500 })
      const timer = setTimeout(() => stream.destroy(new Error('no record within 20s')), 20_000)
      let got: { key: string; value: string; headers: Map<string, string> } | undefined
      try {
        for await (const m of stream) {
          got = { key: m.key, value: m.value, headers: m.headers }
          break
        }
      } finally {
        clearTimeout(timer)
        await stream.close()
      }
      expect(got?.key).toBe('agg-1')
      expect(got?.value).toBe(value)
      expect(got?.headers.get('event-id')).toBe('e-1')
    } finally {
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    }
  })

  it('does not create topics on produce (auto-creation is off)', async () => {
    const missing = `stack-test-missing-${randomUUID()}`
    const producer = new Producer({ clientId: 'stack-test', ...base, serializers: stringSerializers, retries: 1, timeout: 5000 })
    try {
      await expect(producer.send({ messages: [{ topic: missing, value: 'x' }] })).rejects.toThrow()
    } finally {
      await producer.close()
    }
    expect(await admin.listTopics()).not.toContain(missing)
  })
})
