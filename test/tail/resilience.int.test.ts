// The tail keeps every record through a broker restart and through partitions being added while a
// consumer group rebalances, and it never shows up in any consumer group. Runs against a private,
// isolated Kafka broker (the stack's own provider, its own state dir and ports) so restarting it
// disturbs nobody else on the shared stack.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultProfile } from '../../orchestrator/profile/default.ts'
import type { PipelineProfile } from '../../orchestrator/profile/schema.ts'
import { startTail } from '../../orchestrator/tail/index.ts'
import { down, up } from '../../stack/index.ts'

const PORTS = { kafka: 29_192, kafkaController: 29_193 }
const stateDir = mkdtempSync(join(tmpdir(), 'eventload-tail-kafka-'))
const stack = { overrides: { stateDir, ports: PORTS }, log: () => undefined }
const brokers = [`127.0.0.1:${PORTS.kafka}`]
const connections = { kafka: { brokers, ssl: false } }
const client = { bootstrapBrokers: brokers, clientId: 'tail-resilience-test', retries: 10, retryDelay: 500 }

function profileFor(topic: string): PipelineProfile {
  const p = defaultProfile()
  return { ...p, kafka: { ...p.kafka, topics: [topic] } }
}

async function produce(topic: string, runId: string, count: number, partitions?: number[]): Promise<string[]> {
  const producer = new Producer({ ...client, serializers: stringSerializers })
  const ids: string[] = []
  try {
    const messages = Array.from({ length: count }, (_, i) => {
      const id = randomUUID()
      ids.push(id)
      const value = JSON.stringify({ id, run_id: runId, type: 'order_placed', created_at: new Date().toISOString(), payload: { n: i } })
      return { topic, key: id, value, headers: { 'event-id': id }, ...(partitions ? { partition: partitions[i % partitions.length]! } : {}) }
    })
    await producer.send({ messages })
  } finally {
    await producer.close()
  }
  return ids
}

describe('tail resilience (private Kafka broker)', () => {
  beforeAll(async () => {
    await up(['kafka'], stack)
  }, 180_000)

  afterAll(async () => {
    await down(['kafka'], stack).catch(() => undefined)
    rmSync(stateDir, { recursive: true, force: true })
  }, 120_000)

  it('keeps every record across a broker restart (positions kept, nothing read twice)', async () => {
    const topic = `tail_restart_${randomBytes(3).toString('hex')}`
    const runId = `restart-${Date.now()}`
    const admin = new Admin(client)
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
    await admin.close()
    const dir = mkdtempSync(join(tmpdir(), 'tail-restart-'))
    const tail = startTail({ connections, profile: profileFor(topic), runId, dir })
    await tail.ready
    const before = await produce(topic, runId, 300)
    await down(['kafka'], stack)
    await new Promise((r) => setTimeout(r, 2_000))
    await up(['kafka'], stack)
    const after = await produce(topic, runId, 300)
    const result = await tail.stop({ timeoutMs: 60_000 })
    rmSync(dir, { recursive: true, force: true })
    expect(result.reconnects).toBeGreaterThanOrEqual(1)
    expect(result.counts).toMatchObject({ events: before.length + after.length, uniqueEvents: 600, duplicateRecords: 0, unreadable: 0 })
  }, 240_000)

  it('follows partitions added mid-run while the pipeline group rebalances, and joins no group', async () => {
    const topic = `tail_rebalance_${randomBytes(3).toString('hex')}`
    const group = `${topic}-pipeline`
    const runId = `rebalance-${Date.now()}`
    const admin = new Admin(client)
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 })
    const dir = mkdtempSync(join(tmpdir(), 'tail-rebalance-'))
    const tail = startTail({ connections, profile: profileFor(topic), runId, dir })
    await tail.ready
    // The pipeline's own group: one member, then a second one joins (a rebalance).
    const members = [0, 1].map((i) => new Consumer({ ...client, clientId: `${group}-${i}`, groupId: group, deserializers: stringDeserializers }))
    const streams = [await members[0]!.consume({ topics: [topic], mode: 'earliest' })]
    const first = await produce(topic, runId, 200)
    await admin.createPartitions({ topics: [{ name: topic, count: 4 }] })
    streams.push(await members[1]!.consume({ topics: [topic], mode: 'earliest' }))
    const second = await produce(topic, runId, 200, [2, 3]) // only into the new partitions
    const result = await tail.stop({ timeoutMs: 60_000 })
    const described = await admin.describeGroups({ groups: [group] })
    const groups = [...(await admin.listGroups()).keys()]
    for (const s of streams) await s.close()
    for (const m of members) await new Promise<void>((resolve) => m.close(true, () => resolve()))
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined)
    await admin.close()
    rmSync(dir, { recursive: true, force: true })

    expect(result.counts).toMatchObject({ events: first.length + second.length, uniqueEvents: 400, duplicateRecords: 0 })
    expect(result.partitions.map((p) => p.partition)).toEqual([0, 1, 2, 3])
    expect(result.partitions.filter((p) => p.partition >= 2).every((p) => p.startOffset === '0')).toBe(true)
    const clientIds = [...(described.get(group)?.members.values() ?? [])].map((m) => m.clientId)
    expect(clientIds.some((c) => c.startsWith('eventload-tail'))).toBe(false)
    expect(groups.some((g) => g.startsWith('eventload-tail'))).toBe(false)
  }, 240_000)
})
