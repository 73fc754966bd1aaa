// Kafka checks that prove the broker really serves: cluster metadata, then a record produced
// to a health topic and read back at its offset. Also the idempotent topic creation `up` runs.
import { randomUUID } from 'node:crypto'
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import type { KafkaClientBase } from './client-options.ts'

export const HEALTH_TOPIC = 'eventload-health'

export interface TopicSpec {
  name: string
  partitions: number
}

const CLIENT_TIMEOUTS = { connectTimeout: 3000, requestTimeout: 10_000, timeout: 10_000, retries: 2, retryDelay: 250 }

/** Creates the topics that do not exist yet; returns the names created. Warns (via `log`) on partition-count drift. */
export async function ensureTopics(base: KafkaClientBase, topics: TopicSpec[], log: (m: string) => void): Promise<string[]> {
  const admin = new Admin({ clientId: 'eventload-stack-admin', ...CLIENT_TIMEOUTS, ...base })
  try {
    const existing = new Set(await admin.listTopics())
    const created: string[] = []
    for (const t of topics) {
      if (existing.has(t.name)) continue
      try {
        await admin.createTopics({ topics: [t.name], partitions: t.partitions, replicas: 1 })
        created.push(t.name)
      } catch (err) {
        // created concurrently by another `up`
        if (!/already exists/i.test(errorText(err))) throw err
      }
    }
    const meta = await admin.metadata({ topics: topics.map((t) => t.name) })
    for (const t of topics) {
      const have = meta.topics.get(t.name)?.partitionsCount
      if (have !== undefined && have !== t.partitions) {
        log(`topic ${t.name} has ${have} partitions, topology says ${t.partitions} (left as is; delete it to recreate)`)
      }
    }
    return created
  } finally {
    await admin.close()
  }
}

export interface KafkaProbe {
  brokers: number
  roundTripMs: number
}

/** Metadata + produce/consume round trip on the health topic (created if missing). */
export async function probeKafka(base: KafkaClientBase): Promise<KafkaProbe> {
  const started = Date.now()
  await ensureTopics(base, [{ name: HEALTH_TOPIC, partitions: 1 }], () => undefined)
  const admin = new Admin({ clientId: 'eventload-stack-health', ...CLIENT_TIMEOUTS, ...base })
  let brokers: number
  try {
    brokers = (await admin.metadata({ topics: [HEALTH_TOPIC] })).brokers.size
  } finally {
    await admin.close()
  }

  const token = randomUUID()
  const producer = new Producer({
    clientId: 'eventload-stack-health',
    ...CLIENT_TIMEOUTS,
    ...base,
    serializers: stringSerializers,
    acks: -1,
  })
  let offset: bigint
  try {
    const res = await producer.send({ messages: [{ topic: HEALTH_TOPIC, partition: 0, key: 'health', value: token }] })
    const o = res.offsets?.find((x) => x.topic === HEALTH_TOPIC)
    if (!o) throw new Error('produce returned no offset')
    offset = o.offset
  } finally {
    await producer.close()
  }

  const consumer = new Consumer({
    clientId: 'eventload-stack-health',
    groupId: `eventload-stack-health-${process.pid}`,
    ...CLIENT_TIMEOUTS,
    ...base,
    deserializers: stringDeserializers,
  })
  try {
    const stream = await consumer.consume({
      topics: [HEALTH_TOPIC],
      mode: 'manual',
      offsets: [{ topic: HEALTH_TOPIC, partition: 0, offset }],
      autocommit: false,
      maxWaitTime: 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
    })
    const deadline = setTimeout(() => stream.destroy(new Error('no record back within 10s')), 10_000)
    try {
      for await (const message of stream) {
        if (message.value === token) break
      }
    } finally {
      clearTimeout(deadline)
      await stream.close().catch(() => undefined)
    }
  } finally {
    // force: leave the group without waiting for a graceful rebalance; errors on close are irrelevant here
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
  }
  return { brokers, roundTripMs: Date.now() - started }
}

function errorText(err: unknown): string {
  if (err instanceof AggregateError) return [err.message, ...err.errors.map(errorText)].join('; ')
  if (err instanceof Error) return `${err.message} ${errorText(err.cause)}`
  return typeof err === 'string' ? err : ''
}
