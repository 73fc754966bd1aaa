import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka'
import { afterAll, describe, expect, it } from 'vitest'
import { parseEventJson } from '../../processor/event.ts'
import { loadConnections } from '../../stack/connections.ts'
import { pgPool } from './support/pg.ts'
import { deleteRuns, payloadsBySeq, runFacts } from './support/run-facts.ts'
import { runScenario } from './support/run-scenario.ts'

// The scenario bundles run by the node engine (`eventload run`) against the local stack: what
// lands in Postgres is checked with SQL, not taken from the run's own counters.
const pool = pgPool()
const tag = `${process.pid}-${Date.now().toString(36)}`
const runs: string[] = []
afterAll(async () => {
  await deleteRuns(pool, runs)
  await pool.end()
})

function runId(name: string): string {
  const id = `test-${name}-${tag}`
  runs.push(id)
  return id
}

describe('smoke in the node engine', () => {
  it('writes its 10 events plus the catalogue, every reference resolving to an earlier event, and replays byte-identically', async () => {
    const first = runId('smoke-a')
    const run = await runScenario('smoke', { RUN_ID: first, SEED: `seed-${tag}` })
    expect(run.exitCode, run.stderr + run.stdout).toBe(0)
    const facts = await runFacts(pool, first)
    expect(facts.catalog).toBe(24)
    expect(facts.total).toBe(34)
    expect(facts.references).toBeGreaterThan(0)
    expect(facts.dangling).toEqual([])
    expect(facts.duplicateSeq).toBe(0)
    expect(facts.createdBeforeScheduled).toBe(0)
    expect(run.summary?.metrics.events_written?.count).toBe(34)
    expect(run.summary?.metrics.insert_errors?.value ?? run.summary?.metrics.insert_errors?.rate).toBe(0)

    const second = runId('smoke-b')
    const again = await runScenario('smoke', { RUN_ID: second, SEED: `seed-${tag}` })
    expect(again.exitCode, again.stderr).toBe(0)
    const a = await payloadsBySeq(pool, first)
    const b = await payloadsBySeq(pool, second)
    expect(b.size).toBe(34)
    expect([...b.entries()]).toEqual([...a.entries()])
    const ids = await pool.query<{ n: number }>('SELECT count(DISTINCT id)::int AS n FROM events WHERE run_id = ANY($1)', [[first, second]])
    expect(ids.rows[0]!.n).toBe(68)
  })

  it('fails at init with the knob and the fix for a bad MIX', async () => {
    const run = await runScenario('smoke', { RUN_ID: runId('smoke-bad'), MIX: 'order_placed:abc' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stderr + run.stdout).toMatch(/MIX: "order_placed:abc" is not "type:weight"/)
  })
})

describe('warmup in the node engine', () => {
  it('writes 10 events at 2/s on the arrival-rate grid (scheduled_at 500 ms apart)', async () => {
    const id = runId('warmup')
    const run = await runScenario('warmup', { RUN_ID: id })
    expect(run.exitCode, run.stderr + run.stdout).toBe(0)
    const facts = await runFacts(pool, id)
    expect(facts.total - facts.catalog).toBe(10)
    expect(facts.dangling).toEqual([])
    const { rows } = await pool.query<{ s: Date }>(`SELECT scheduled_at AS s FROM events WHERE run_id = $1 AND type <> 'product_listed' ORDER BY scheduled_at`, [id])
    const gaps = rows.slice(1).map((r, i) => r.s.getTime() - rows[i]!.s.getTime())
    // Timestamps have millisecond precision in JS; each slot is 500 ms after the previous one.
    for (const gap of gaps) expect(Math.abs(gap - 500)).toBeLessThanOrEqual(1)
    const spanMs = facts.lastCreated!.getTime() - facts.firstCreated!.getTime()
    expect(spanMs).toBeGreaterThan(4400)
    expect(spanMs).toBeLessThan(5600)
  })
})

describe('kafka-direct in the node engine', () => {
  it('produces its events straight to Kafka in the processor record shape', async () => {
    const brokers = loadConnections().kafka.brokers
    const topic = `scenario-kafka-direct-${tag}`
    const admin = new Admin({ clientId: 'scenario-test', bootstrapBrokers: brokers })
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 })
    try {
      // A topic created a moment ago may still be electing leaders, so the first produces can be
      // slow: latency thresholds are not what this test is about (errors still are).
      const latencyOff = { INSERT_P50_MS: 'off', INSERT_P95_MS: 'off', INSERT_P99_MS: 'off' }
      const run = await runScenario('kafka-direct', { RUN_ID: runId('kafka'), EVENTS: '20', RATE: '10', KAFKA_TOPIC: topic, ...latencyOff })
      expect(run.exitCode, run.stderr + run.stdout).toBe(0)
      expect(run.summary?.metrics.insert_errors?.passes).toBe(0)
      const consumer = new Consumer({ clientId: 'scenario-test', groupId: `scenario-test-${tag}`, bootstrapBrokers: brokers, deserializers: stringDeserializers })
      const seen = new Map<string, string>()
      try {
        const stream = await consumer.consume({ topics: [topic], mode: 'earliest', maxWaitTime: 100 })
        for await (const message of stream) {
          const event = parseEventJson(message.value)
          expect(message.key).toBe(event.aggregate_id)
          expect(message.headers.get('event-id')).toBe(event.id)
          seen.set(event.id, event.type!)
          if (seen.size === 44) break
        }
      } finally {
        await new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve())))
      }
      expect([...seen.values()].filter((t) => t === 'product_listed')).toHaveLength(24)
      expect(seen.size).toBe(44)
    } finally {
      await admin.deleteTopics({ topics: [topic] })
      await admin.close()
    }
  })
})
