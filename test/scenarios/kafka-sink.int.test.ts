import { Admin, Consumer, Producer, ProduceAcks, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEventJson } from '../../processor/event.ts'
import { EventGenerator } from '../../scenarios/lib/events/generator.ts'
import { parseMix } from '../../scenarios/lib/events/mix.ts'
import { toRow, type EventRow } from '../../scenarios/lib/events/row.ts'
import { KafkaSink, type KafkaProducer } from '../../scenarios/lib/sinks/kafka.ts'
import { loadConnections } from '../../stack/connections.ts'

// kafka-direct's sink against the local stack's Kafka, on a topic of its own: records must be
// what the reference processor publishes (docs/processor.md), so its consumer takes them as is.
const brokers = loadConnections().kafka.brokers
const topic = `scenario-sink-test-${process.pid}`
const admin = new Admin({ clientId: 'scenario-sink-test', bootstrapBrokers: brokers })
const producer = new Producer({ clientId: 'scenario-sink-test', bootstrapBrokers: brokers, acks: ProduceAcks.ALL, serializers: stringSerializers })

beforeAll(async () => {
  await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
})
afterAll(async () => {
  await producer.close()
  await admin.deleteTopics({ topics: [topic] })
  await admin.close()
})

describe('KafkaSink', () => {
  it('produces key = aggregate id, event-id/created-at headers and the processor record shape', async () => {
    const adapter: KafkaProducer = {
      produce: async ({ messages }) => {
        await producer.send({ messages: messages.map((m) => ({ topic, key: m.key, value: m.value, headers: new Map(Object.entries(m.headers)) })) })
      },
    }
    const fixedNow = Date.parse('2026-03-04T05:06:07.089Z')
    const sink = new KafkaSink(adapter, 'test', () => fixedNow)
    const gen = new EventGenerator({ seed: 'kafka', vu: 1, mix: parseMix(undefined) })
    const rows: EventRow[] = []
    for (let iter = 0; iter < 20; iter++) {
      const batch = [gen.next(iter, 0), gen.next(iter, 1)].map((e, k) => toRow(e, { seed: 'kafka', runId: 'kafka-sink-test', origin: { vu: 1, iter, k }, seq: iter * 2 + k, scheduledAtMs: fixedNow - 3 }))
      await sink.write(batch)
      gen.commit()
      rows.push(...batch)
    }

    const consumer = new Consumer({ clientId: 'scenario-sink-test', groupId: `scenario-sink-test-${process.pid}`, bootstrapBrokers: brokers, deserializers: stringDeserializers })
    const received: { key: string; value: string; headers: Map<string, string> }[] = []
    try {
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', maxWaitTime: 100 })
      for await (const message of stream) {
        received.push({ key: message.key, value: message.value, headers: message.headers })
        if (received.length === rows.length) break
      }
    } finally {
      // force: also ends the open message stream (the callback overload; the typed promise one is shadowed)
      await new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve())))
    }

    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const message of received) {
      const event = parseEventJson(message.value)
      const sent = byId.get(event.id)!
      expect(sent).toBeDefined()
      expect(message.key).toBe(sent.aggregate_id)
      expect(message.headers.get('event-id')).toBe(sent.id)
      expect(message.headers.get('created-at')).toBe('2026-03-04T05:06:07.089Z')
      expect(event).toEqual({
        ...sent,
        scheduled_at_pg: '2026-03-04 05:06:07.086+00',
        created_at: '2026-03-04T05:06:07.089Z',
        created_at_pg: '2026-03-04 05:06:07.089+00',
      })
    }
    expect(new Set(received.map((m) => parseEventJson(m.value).id)).size).toBe(rows.length)
  })
})
