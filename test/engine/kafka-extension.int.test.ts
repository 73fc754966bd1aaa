// k6/x/kafka in the node engine, against the local stack's real Kafka: k6-style scripts bundled
// like the build does, run through the engine. Expectations come from xk6-kafka v2's API and
// docs (reference notes §2): message shapes (key/value/header bytes, RFC3339 time), consume
// with maxWait/expectTimeout, AdminClient/Connection results, SchemaRegistry JSON serde with
// Confluent's wire format, its metric names; and from the await rule (ARCHITECTURE.md).
import { randomBytes } from 'node:crypto'
import { Admin } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'
import { runScript } from './sql-run.ts'

const suffix = randomBytes(4).toString('hex')
const TOPIC = `ext-kafka-${suffix}`
const EMPTY = `ext-kafka-empty-${suffix}`
const UNAWAITED = `ext-kafka-unawaited-${suffix}`
const SHARED = `ext-kafka-shared-${suffix}`
const LEGACY = `ext-kafka-legacy-${suffix}`
const brokers = loadConnections().kafka.brokers
const env = { BROKERS: brokers.join(','), TOPIC, EMPTY, UNAWAITED, SHARED, LEGACY, GROUP: `ext-kafka-group-${suffix}` }

let admin: Admin

beforeAll(() => {
  admin = new Admin({ clientId: 'eventload-ext-test', bootstrapBrokers: brokers })
})

afterAll(async () => {
  // The scripts delete their topics; this catches a run that failed half-way.
  const existing = new Set(await admin.listTopics())
  const ours = [TOPIC, EMPTY, UNAWAITED, SHARED, LEGACY].filter((t) => existing.has(t))
  if (ours.length > 0) await admin.deleteTopics({ topics: ours })
  await admin.close()
})

const ROUND_TRIP = `
import { AdminClient, Connection, Producer, Consumer, SchemaRegistry, SCHEMA_TYPE_JSON, SCHEMA_TYPE_STRING } from 'k6/x/kafka'

const brokers = __ENV.BROKERS.split(',')
const topic = __ENV.TOPIC
const sr = new SchemaRegistry()
const schema = { id: 7, schema: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' }, name: { type: 'string' } }, required: ['n', 'name'] }) }
const producer = new Producer({ brokers, topic, requiredAcks: -1 })
const group = new Consumer({ brokers, groupId: __ENV.GROUP, groupTopics: [topic], maxWait: '10s' })
export const options = { vus: 1, iterations: 1 }
const out = (o) => console.log('RESULT ' + JSON.stringify(o))
const text = (bytes) => String.fromCharCode(...bytes)

export async function setup() {
  const a = new AdminClient({ brokers })
  await a.createTopic({ topic, numPartitions: 3, replicationFactor: 1 })
  const listed = (await a.listTopics()).find((t) => t.topic === topic)
  const meta = await a.getMetadata(topic)
  const names = await new Connection({ address: brokers[0] }).listTopics()
  out({ listed, partitions: meta.partitions.length, leaders: meta.partitions.map((p) => typeof p.leader), namesHasTopic: names.includes(topic) })
}

export default async function () {
  const sent = []
  for (let i = 0; i < 10; i++) sent.push({ n: i, name: 'item-' + i })
  await producer.produce({
    messages: sent.map((v, i) => ({
      key: sr.serialize({ data: 'key-' + i, schemaType: SCHEMA_TYPE_STRING }),
      value: sr.serialize({ data: v, schemaType: SCHEMA_TYPE_JSON, schema }),
      headers: { 'event-id': 'e-' + i, attempt: 3 },
    })),
  })
  const got = await group.consume({ maxMessages: 10 })
  await group.commitOffsets()
  out({
    count: got.length,
    stats: group.stats(),
    messages: got.map((m) => ({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      highWaterMark: m.highWaterMark,
      time: m.time,
      key: text(m.key),
      keyIsBytes: m.key instanceof Uint8Array,
      framed: [...m.value.slice(0, 5)],
      value: sr.deserialize({ data: m.value, schemaType: SCHEMA_TYPE_JSON, schema }),
      headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, text(v)])),
    })),
  })
  // A partition reader sees the same records of its partition, from the first offset.
  const p = got[0].partition
  const reader = new Consumer({ brokers, topic, partition: p, maxWait: '1s' })
  const fromPartition = await reader.consume({ maxMessages: 100, expectTimeout: true })
  out({ partition: p, partitionCount: fromPartition.length, expected: got.filter((m) => m.partition === p).length, position: reader.position(p) })
}

export async function teardown() {
  await new AdminClient({ brokers }).deleteTopic(topic)
}
`

const EMPTY_TOPIC = `
import { AdminClient, Consumer } from 'k6/x/kafka'
const brokers = __ENV.BROKERS.split(',')
export const options = { vus: 1, iterations: 1 }
const out = (o) => console.log('RESULT ' + JSON.stringify(o))
const consumer = new Consumer({ brokers, topic: __ENV.EMPTY, partition: 0, maxWait: '500ms' })
const missing = new Consumer({ brokers, topic: __ENV.EMPTY + '-missing', partition: 0, maxWait: '500ms' })
async function timed(c, config) {
  const t0 = Date.now()
  try {
    const msgs = await c.consume(config)
    return { ms: Date.now() - t0, count: msgs.length }
  } catch (e) {
    return { ms: Date.now() - t0, error: String(e.message) }
  }
}
export async function setup() {
  await new AdminClient({ brokers }).createTopic({ topic: __ENV.EMPTY })
}
export default async function () {
  out({
    throwing: await timed(consumer, { maxMessages: 1 }),
    expecting: await timed(consumer, { maxMessages: 5, expectTimeout: true }),
    missing: await timed(missing, { limit: 1, expectTimeout: true }),
  })
}
export async function teardown() {
  await new AdminClient({ brokers }).deleteTopic(__ENV.EMPTY)
}
`

const UNAWAITED_PRODUCE = `
import { AdminClient, Producer } from 'k6/x/kafka'
const brokers = __ENV.BROKERS.split(',')
const producer = new Producer({ brokers, topic: __ENV.UNAWAITED, requiredAcks: 1 })
export const options = { vus: 1, iterations: 2 }
export async function setup() {
  await new AdminClient({ brokers }).createTopic({ topic: __ENV.UNAWAITED })
}
// Written for k6's synchronous API: no await.
export default function () {
  producer.produce({ messages: [{ key: 'k', value: 'v' }] })
}
export async function teardown() {
  await new AdminClient({ brokers }).deleteTopic(__ENV.UNAWAITED)
}
`

const SHARED_GROUP = `
import { AdminClient, Producer, Consumer } from 'k6/x/kafka'
import exec from 'k6/execution'
const brokers = __ENV.BROKERS.split(',')
const topic = __ENV.SHARED
// Every VU builds its own Consumer in init code, as xk6-kafka scripts do.
const consumer = new Consumer({ brokers, groupId: __ENV.GROUP + '-shared', groupTopics: [topic], maxWait: '5s' })
export const options = { scenarios: { read: { executor: 'shared-iterations', vus: 5, iterations: 10, maxDuration: '60s' } } }
export async function setup() {
  await new AdminClient({ brokers }).createTopic({ topic, numPartitions: 4 })
  const producer = new Producer({ brokers, topic, requiredAcks: -1 })
  const messages = []
  for (let i = 0; i < 50; i++) messages.push({ key: 'k' + i, value: 'v' + i })
  await producer.produce({ messages })
}
export default async function () {
  const got = await consumer.consume({ maxMessages: 5 })
  console.log('RESULT ' + JSON.stringify({ vu: exec.vu.idInTest, values: got.map((m) => String.fromCharCode(...m.value)), assignments: consumer.stats().assignments }))
}
export async function teardown() {
  await new AdminClient({ brokers }).deleteTopic(topic)
}
`

const LEGACY_NAMES = `
import { Connection, Writer, Reader } from 'k6/x/kafka'
const brokers = __ENV.BROKERS.split(',')
const topic = __ENV.LEGACY
// v1-era script: deprecated names, xk6-kafka's default requiredAcks (0: fire and forget).
const writer = new Writer({ brokers, topic })
const reader = new Reader({ brokers, topic, partition: 0, maxWait: '2s' })
export const options = { vus: 1, iterations: 1 }
export async function setup() {
  await new Connection({ address: brokers[0] }).createTopic({ topic, numPartitions: 1 })
}
export default async function () {
  await writer.produce({ messages: [{ key: 'a', value: 'one' }, { value: 'two' }] })
  const got = await reader.consume({ limit: 2 })
  console.log('RESULT ' + JSON.stringify({ values: got.map((m) => String.fromCharCode(...m.value)), keyless: !('key' in got[1]) }))
  await writer.close()
  await reader.close()
}
export async function teardown() {
  await new Connection({ address: brokers[0] }).deleteTopic(topic)
}
`

const ABORTED_CONSUME = `
import { Consumer } from 'k6/x/kafka'
const consumer = new Consumer({ brokers: __ENV.BROKERS.split(','), topic: __ENV.EMPTY + '-never', partition: 0, maxWait: '60s' })
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' } } }
export default async function () {
  await consumer.consume({ maxMessages: 1 })
}
`

describe('k6/x/kafka through the node engine', () => {
  it('round-trips messages with headers and JSON serde, with xk6-kafka message shapes and metrics', async () => {
    const run = await runScript('kafka-round-trip', ROUND_TRIP, { env })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    const [admin_, batch, partition] = run.results as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]

    expect(admin_).toMatchObject({ listed: { topic: TOPIC, partitions: 3, error: null }, partitions: 3, namesHasTopic: true })
    expect(admin_.leaders).toEqual(['number', 'number', 'number'])

    expect(batch.count).toBe(10)
    expect(batch.stats).toMatchObject({ assignments: 3 })
    const messages = batch.messages as Record<string, unknown>[]
    const byKey = new Map(messages.map((m) => [m.key as string, m]))
    for (let i = 0; i < 10; i++) {
      const m = byKey.get(`key-${i}`)
      expect(m, `key-${i}`).toBeDefined()
      expect(m).toMatchObject({
        topic: TOPIC,
        keyIsBytes: true,
        framed: [0, 0, 0, 0, 7], // Confluent wire format: magic byte + schema id 7
        value: { n: i, name: `item-${i}` },
        headers: { 'event-id': `e-${i}`, attempt: '3' },
      })
      expect(m?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/)
      expect(m?.highWaterMark as number).toBeGreaterThan(m?.offset as number)
    }

    expect(partition.partitionCount).toBe(partition.expected)
    expect(partition.position).toBe(partition.expected) // next offset after the last record read

    const sum = (metric: string): number => run.values(metric, { topic: TOPIC }).reduce((a, b) => a + b, 0)
    expect(sum('kafka_writer_message_count')).toBe(10)
    expect(sum('kafka_writer_error_count')).toBe(0)
    expect(run.values('kafka_writer_write_seconds', { topic: TOPIC })).toHaveLength(1)
    expect(sum('kafka_reader_message_count')).toBe(10 + (partition.partitionCount as number))
    expect(sum('kafka_reader_error_count')).toBe(0)
    expect(run.values('kafka_reader_read_seconds', { topic: TOPIC }).length).toBeGreaterThan(0)
    // Byte series are data metrics in xk6-kafka (k6 prints them in kB/MB), counts are plain.
    const metrics = run.result.summary?.metrics ?? {}
    for (const m of ['kafka_writer_message_bytes', 'kafka_reader_message_bytes']) expect(metrics[m]?.contains, m).toBe('data')
    expect(metrics.kafka_writer_message_count?.contains).toBe('default')
    expect(metrics.kafka_writer_write_seconds?.contains).toBe('time')
  })

  it('returns or throws within maxWait on an empty or missing topic instead of hanging', async () => {
    const run = await runScript('kafka-empty', EMPTY_TOPIC, { env })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    const r = run.results[0] as Record<string, { ms: number; count?: number; error?: string }>
    // maxWait 500ms per message, and v2's 1.5 s start-up grace for the first one.
    const budget = 1500
    expect(r.throwing?.error).toMatch(/Consumer context cancelled.*expectTimeout: true.*context deadline exceeded/)
    expect(r.expecting).toMatchObject({ count: 0 })
    expect(r.missing).toMatchObject({ count: 0 })
    for (const k of ['throwing', 'expecting', 'missing']) {
      expect(r[k]?.ms, k).toBeGreaterThanOrEqual(budget - 10)
      expect(r[k]?.ms, k).toBeLessThan(budget + 1000)
    }
    expect(run.values('kafka_reader_timeouts_count').reduce((a, b) => a + b, 0)).toBe(3)
  })

  it('reports a produce() whose promise the script never awaited, with its position and the fix', async () => {
    const run = await runScript('kafka-unawaited', UNAWAITED_PRODUCE, { env })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    const sites = run.result.unawaited
    expect(sites).toHaveLength(1)
    expect(sites[0]).toMatchObject({ call: 'producer.produce', count: 2 })
    expect(sites[0]?.location).toMatch(/kafka-unawaited\.ts:\d+:\d+$/)
    expect(run.logs.some((l) => /producer\.produce\(\.\.\.\) at .*kafka-unawaited\.ts:\d+:\d+ was not awaited.*Fix: add `await`/.test(l))).toBe(true)
  })

  it('shares one group member between the VUs: every message handed out exactly once', async () => {
    const run = await runScript('kafka-shared-group', SHARED_GROUP, { env })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    const batches = run.results as { vu: number; values: string[]; assignments: number }[]
    expect(batches).toHaveLength(10)
    const values = batches.flatMap((b) => b.values)
    expect(values).toHaveLength(50)
    expect(new Set(values)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `v${i}`)))
    expect(new Set(batches.map((b) => b.vu)).size).toBeGreaterThan(1)
    // One member per process holds all 4 partitions (xk6-kafka would split them between VUs).
    expect(batches.every((b) => b.assignments === 4)).toBe(true)
  })

  it('ends a consume at once when the VU is interrupted, long before maxWait', async () => {
    const t0 = Date.now()
    const run = await runScript('kafka-aborted', ABORTED_CONSUME, { env })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    expect(run.result.iterationsInterrupted).toBe(1)
    expect(Date.now() - t0).toBeLessThan(10_000) // maxWait is 60 s
  })

  it('keeps the deprecated Writer/Reader/Connection names working with v2 defaults', async () => {
    const run = await runScript('kafka-legacy', LEGACY_NAMES, { env })
    expect(run.result.exitCode, run.logs.join('\n')).toBe(0)
    // Without a key the message has no key property (xk6-kafka omits empty key/value).
    expect(run.results[0]).toEqual({ values: ['one', 'two'], keyless: true })
    expect(run.values('kafka_writer_acks_required', { topic: LEGACY })).toEqual([0])
  })
})
