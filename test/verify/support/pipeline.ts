// A private reference pipeline for the verifier's tests: its own source table (a copy of the
// stack's `events` schema), publication, slot, topic, consumer group(s) and MongoDB database, on
// the shared local stack, so a test neither sees nor disturbs anyone else's events. The
// processor runs in-process (processor/processor.ts) with the options a test asks for, e.g.
// seeded faults; cleanup drops everything it created.
import { randomBytes } from 'node:crypto'
import { Admin } from '@platformatic/kafka'
import { MongoClient } from 'mongodb'
import pg from 'pg'
import { resolveConfig, type ProcessorMode, type RawOptions } from '../../../processor/config.ts'
import type { Logger } from '../../../processor/log.ts'
import { startProcessor, type RunningProcessor } from '../../../processor/processor.ts'
import { dropReplication } from '../../../processor/relay/replication-setup.ts'
import { insertSql } from '../../../scenarios/lib/sinks/postgres.ts'
import type { EventRow } from '../../../scenarios/lib/events/row.ts'
import { loadConnections, type Connections } from '../../../stack/connections.ts'
import { kafkaClientOptions } from '../../../stack/kafka/client-options.ts'
import { defaultProfile } from '../../../orchestrator/profile/default.ts'
import type { PipelineProfile } from '../../../orchestrator/profile/schema.ts'

export interface PrivatePipeline {
  readonly name: string
  readonly connections: Connections
  readonly pool: pg.Pool
  readonly mongo: MongoClient
  /** the default profile pointed at this pipeline's table, topic and (first) collection */
  profile(collection?: string): PipelineProfile
  /** starts a processor; `collection`/`group` name extra consumers (e.g. a fault-free baseline) */
  start(mode: ProcessorMode, extra?: RawOptions): Promise<RunningProcessor>
  write(rows: Iterable<EventRow>, options?: { batch?: number; ratePerSecond?: number }): Promise<number>
  waitForDocuments(runId: string, count: number, timeoutMs: number, collection?: string): Promise<number>
  cleanup(): Promise<void>
}

export async function createPipeline(label: string, options: { quiet?: boolean } = {}): Promise<PrivatePipeline> {
  const name = `ver_${label}_${randomBytes(4).toString('hex')}`
  const base = loadConnections()
  const connections: Connections = { ...base, mongo: { ...base.mongo, database: name } }
  const pool = new pg.Pool({ connectionString: connections.postgres.url, max: 4 })
  await pool.query(`CREATE TABLE ${name} (LIKE public.events INCLUDING ALL)`)
  const mongo = new MongoClient(connections.mongo.url)
  const env = { ...process.env, EVENTLOAD_MONGO_DB: name }
  const processors: RunningProcessor[] = []
  const log = (part: string): Logger => (message) => {
    if (!options.quiet) process.stderr.write(`${new Date().toISOString()} ${name} ${part}: ${message}\n`)
  }
  const pipeline: PrivatePipeline = {
    name,
    connections,
    pool,
    mongo,
    profile(collection = 'events') {
      const p = defaultProfile()
      return { ...p, postgres: { ...p.postgres, table: name }, kafka: { ...p.kafka, topics: [name] }, mongo: { ...p.mongo, collection } }
    },
    async start(mode, extra = {}) {
      const config = resolveConfig(
        mode,
        { table: name, slot: name, publication: name, topic: name, group: name, metricsPort: -1, partitions: 3, clientId: `${name}-${processors.length}`, ...extra },
        env,
      )
      const p = await startProcessor(config, { log })
      processors.push(p)
      return p
    },
    async write(rows, o = {}) {
      const batch = o.batch ?? 50
      const started = Date.now()
      let written = 0
      let pending: EventRow[] = []
      const flush = async () => {
        if (pending.length === 0) return
        const values = pending.flatMap((r) => [r.id, r.run_id, r.seq, r.type, r.aggregate_type, r.aggregate_id, JSON.stringify(r.payload), r.scheduled_at])
        await pool.query(insertSql(name, pending.length), values)
        written += pending.length
        pending = []
      }
      for (const row of rows) {
        if (o.ratePerSecond) {
          const due = started + (written + pending.length) * (1000 / o.ratePerSecond)
          if (due > Date.now()) {
            await flush()
            await new Promise((r) => setTimeout(r, due - Date.now()))
          }
        }
        pending.push(row)
        if (pending.length >= batch) await flush()
      }
      await flush()
      return written
    },
    async waitForDocuments(runId, count, timeoutMs, collection = 'events') {
      const events = mongo.db(name).collection(collection)
      const deadline = Date.now() + timeoutMs
      let n = 0
      while (Date.now() < deadline) {
        n = await events.countDocuments({ run_id: runId })
        if (n >= count) return n
        await new Promise((r) => setTimeout(r, 300))
      }
      return n
    },
    async cleanup() {
      for (const p of processors.splice(0).reverse()) await p.stop().catch(() => undefined)
      await dropReplication(connections.postgres.url, { slot: name, publication: name }).catch(() => undefined)
      await pool.query(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined)
      await pool.end()
      await mongo.db(name).dropDatabase().catch(() => undefined)
      await mongo.close()
      const admin = new Admin({ ...kafkaClientOptions(connections.kafka), clientId: `${name}-cleanup` })
      await admin.deleteTopics({ topics: [name] }).catch(() => undefined)
      await admin.close()
    },
  }
  return pipeline
}
