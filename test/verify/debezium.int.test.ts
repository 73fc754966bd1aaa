// A Debezium-envelope profile end to end: rows committed in Postgres, records shaped like
// Debezium's Postgres connector's (produced by this test to its own topic, standing in for
// Debezium, which cannot run here), and MongoDB documents written the way the MongoDB Kafka
// sink with the Debezium CDC handler writes them (_id = the row key, payload as JSON text,
// _insertedTS), by a small sink in this test that consumes the topic. The profile is the
// example YAML in orchestrator/profile/examples. Known losses are planted at each stage; the
// tail and the verifier must find exactly them, attributed to the right stage.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import { MongoClient } from 'mongodb'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadProfile } from '../../orchestrator/profile/load.ts'
import type { PipelineProfile } from '../../orchestrator/profile/schema.ts'
import { startTail } from '../../orchestrator/tail/index.ts'
import { main as verifyCli } from '../../orchestrator/verify/cli.ts'
import { verifyRun } from '../../orchestrator/verify/index.ts'
import { verificationSchema, type Finding, type VerificationResult } from '../../orchestrator/verify/result-schema.ts'
import { insertSql } from '../../scenarios/lib/sinks/postgres.ts'
import { loadConnections } from '../../stack/connections.ts'
import { kafkaClientOptions } from '../../stack/kafka/client-options.ts'
import { debeziumKey, debeziumValue, type SourceRow } from './support/debezium.ts'
import { generateRows } from './support/events.ts'
import { readJsonLines } from './support/findings.ts'

const EVENTS = 120
const PROFILE = 'orchestrator/profile/examples/debezium-mongo-sink.yaml'

describe('Debezium envelope profile', () => {
  const name = `dbz_${randomBytes(4).toString('hex')}`
  const base = loadConnections()
  const connections = { ...base, mongo: { ...base.mongo, database: name } }
  const kafka = { ...kafkaClientOptions(base.kafka), clientId: name }
  const pool = new pg.Pool({ connectionString: base.postgres.url, max: 2 })
  const mongo = new MongoClient(base.mongo.url)
  let work: string
  let profile: PipelineProfile

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'eventload-dbz-'))
    await pool.query(`CREATE TABLE ${name} (LIKE public.events INCLUDING ALL)`)
    const admin = new Admin(kafka)
    await admin.createTopics({ topics: [name], partitions: 3, replicas: 1 })
    await admin.close()
    const file = await loadProfile(PROFILE)
    profile = { ...file, postgres: { ...file.postgres, table: name }, kafka: { ...file.kafka, topics: [name] } }
  }, 60_000)

  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined)
    await pool.end()
    await mongo.db(name).dropDatabase().catch(() => undefined)
    await mongo.close()
    const admin = new Admin(kafka)
    await admin.deleteGroups({ groups: [`${name}-sink`] }).catch(() => undefined)
    await admin.deleteTopics({ topics: [name] }).catch(() => undefined)
    await admin.close()
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  it('tails and verifies Debezium-shaped records, finding each planted loss at its stage', async () => {
    const runId = `dbz-${Date.now()}`
    const rows = [...generateRows({ seed: runId, runId, events: EVENTS })]
    for (let i = 0; i < rows.length; i += 30) {
      const chunk = rows.slice(i, i + 30)
      await pool.query(insertSql(name, chunk.length), chunk.flatMap((r) => [r.id, r.run_id, r.seq, r.type, r.aggregate_type, r.aggregate_id, JSON.stringify(r.payload), r.scheduled_at]))
    }
    // Planted faults, on event types nothing references (so no orphan follows from them).
    const leaves = rows.filter((r) => ['payment_captured', 'shipment_delivered', 'inventory_adjusted', 'order_cancelled'].includes(r.type))
    expect(leaves.length).toBeGreaterThanOrEqual(5)
    const neverProduced = leaves[0]!.id
    const lostInSink = new Set([leaves[1]!.id, leaves[2]!.id])
    const replayed = leaves[3]!.id
    const corrupted = leaves[4]!.id

    const dir = join(work, runId)
    const tail = startTail({ connections: base, profile, runId, dir })
    await tail.ready

    // "Debezium": one change event per committed row, in commit order; one row lost, one replayed.
    const { rows: source } = await pool.query<SourceRow>(
      `SELECT id::text, run_id, seq::text, type, aggregate_type, aggregate_id, payload,
              to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS scheduled_at,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS created_at,
              xmin::text AS txid, pg_current_wal_lsn()::text AS lsn
         FROM ${name} WHERE run_id = $1 ORDER BY seq`,
      [runId],
    )
    const producer = new Producer({ ...kafka, serializers: stringSerializers })
    const messages = source
      .filter((r) => r.id !== neverProduced)
      .flatMap((r) => {
        const m = { topic: name, key: debeziumKey(name, r.id), value: debeziumValue(name, r, Date.now()) }
        return r.id === replayed ? [m, m] : [m]
      })
    await producer.send({ messages })
    await producer.close()

    // "MongoDB sink with the Debezium CDC handler": upsert on the row key, stamp _insertedTS.
    const events = mongo.db(name).collection<{ _id: { id: string } }>('events')
    const consumer = new Consumer({ ...kafka, groupId: `${name}-sink`, deserializers: stringDeserializers })
    const stream = await consumer.consume({ topics: [name], mode: 'earliest', autocommit: true, maxWaitTime: 100 })
    let consumed = 0
    for await (const message of stream) {
      const envelope = JSON.parse(message.value) as { payload: { after: Record<string, unknown> } }
      const after = { ...envelope.payload.after }
      const id = after.id as string
      if (!lostInSink.has(id)) {
        if (id === corrupted) after.payload = JSON.stringify({ ...(JSON.parse(after.payload as string) as object), tampered: true })
        delete after.id
        await events.updateOne({ _id: { id } }, { $set: after, $setOnInsert: { _insertedTS: new Date() } }, { upsert: true })
      }
      if (++consumed === messages.length) break
    }
    await stream.close()
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()))

    const tailResult = await tail.stop()
    expect(tailResult.counts.events).toBe(EVENTS) // EVENTS - 1 lost + 1 replayed
    expect(tailResult.counts.uniqueEvents).toBe(EVENTS - 1)
    expect(tailResult.counts.duplicateRecords).toBe(1)
    expect(tailResult.commitToKafka?.overall.count).toBe(EVENTS - 1)

    const result = await verifyRun({ connections, profile, runId, tail: tailResult, reportDir: dir })
    const findings = readJsonLines<Finding>(join(dir, 'findings.jsonl')).filter((f) => !f.cause)
    const summary = findings.map((f) => `${f.check}:${f.class}:${f.eventId}:${f.stage ?? '-'}`).sort()
    expect(summary).toEqual(
      [
        `completeness:missing:${neverProduced}:postgres->kafka`,
        ...[...lostInSink].map((id) => `completeness:missing:${id}:kafka->mongo`),
        `content:corrupt:${corrupted}:-`,
      ].sort(),
    )
    const check = (n: string) => result.checks.find((c) => c.name === n)!
    expect(check('completeness').counts).toMatchObject({ committed: EVENTS, arrived: EVENTS - 3, missing: 3 })
    expect(check('attribution').counts).toMatchObject({ missingAtPostgresToKafka: 1, missingAtKafkaToMongo: 2, kafkaDuplicateEvents: 1 })
    for (const n of ['duplicates', 'phantoms', 'fields', 'references']) expect(check(n).pass, n).toBe(true)
    // Kafka -> MongoDB comes from the tail (the documents carry no Kafka timestamp).
    const stage = (n: string) => result.latency.stages.find((s) => s.name === n)!.overall
    expect(stage('kafka->mongo').count).toBe(EVENTS - 1)
    expect(stage('kafka->mongo').censored).toBe(2)
    expect(stage('postgres->kafka').censored).toBe(1)
    expect(stage('end-to-end').count).toBe(EVENTS)
    expect(stage('end-to-end').censored).toBe(3)

    // The same through the command line: profile file, tail directory, exit code 4 (a check failed).
    const profileFile = join(work, 'profile.json')
    writeFileSync(profileFile, JSON.stringify(profile))
    const previous = process.env.EVENTLOAD_MONGO_DB
    process.env.EVENTLOAD_MONGO_DB = name
    try {
      const out = join(work, 'cli')
      expect(await verifyCli(['--run', runId, '--profile', profileFile, '--tail', dir, '--report-dir', out, '--samples', '3'])).toBe(4)
      const written = JSON.parse(readFileSync(join(out, 'verification.json'), 'utf8')) as VerificationResult
      expect(verificationSchema.parse(written).checks.find((c) => c.name === 'completeness')!.counts.missing).toBe(3)
      expect(written.checks.find((c) => c.name === 'completeness')!.samples).toHaveLength(3)
      expect(readJsonLines<Finding>(join(out, 'findings.jsonl')).filter((f) => !f.cause)).toHaveLength(4)
    } finally {
      if (previous === undefined) delete process.env.EVENTLOAD_MONGO_DB
      else process.env.EVENTLOAD_MONGO_DB = previous
    }
  }, 120_000)
})
