// A private reference pipeline for the verifier's tests: its own source table (a copy of the
// stack's `events` schema), publication, slot, topic, consumer group(s) and MongoDB database, on
// the shared local stack, so a test neither sees nor disturbs anyone else's events. The
// processor runs in-process (processor/processor.ts) with the options a test asks for, e.g.
// seeded faults; cleanup drops everything it created.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { Admin, Consumer, ListOffsetTimestamps } from '@platformatic/kafka'
import { MongoClient } from 'mongodb'
import pg from 'pg'
import { resolveConfig, type ProcessorMode, type RawOptions } from '../../../processor/config.ts'
import { ensureTopic } from '../../../processor/kafka.ts'
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
  /**
   * Starts a processor. Extra consumers (a fault-free baseline, one per seed) take their own
   * `group` and `database` (default: the pipeline's name).
   */
  start(mode: ProcessorMode, extra?: RawOptions, options?: { database?: string; fromEnd?: boolean }): Promise<RunningProcessor>
  /** Commits the topic's end offsets for `group`, so a new consumer of it reads only what comes next. */
  positionGroupAtEnd(group: string): Promise<void>
  /** Records of the topic not yet committed by `group`. */
  groupLag(group: string): Promise<number>
  /** Resolves once every consumer group of `processor` is Stable with a member (partitions assigned). */
  waitAssigned(processor: Pick<RunningProcessor, 'config'>, timeoutMs?: number): Promise<void>
  /** Records not yet committed by every consumer group of `processor` (events and projections). */
  consumerLag(processor: Pick<RunningProcessor, 'config'>): Promise<number>
  /**
   * Runs a processor as its own process (`processor/cli.ts`), so its timing does not share an
   * event loop with the test; resolves once it reports healthy on its metrics port.
   */
  spawn(mode: ProcessorMode, extra?: RawOptions, options?: { database?: string; fromEnd?: boolean; noProjections?: boolean }): Promise<SpawnedProcessor>
  write(rows: Iterable<EventRow>, options?: { batch?: number; ratePerSecond?: number }): Promise<number>
  waitForDocuments(runId: string, count: number, timeoutMs: number, collection?: string): Promise<number>
  cleanup(): Promise<void>
}

export interface SpawnedProcessor {
  readonly config: RunningProcessor['config']
  stop(): Promise<void>
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
  const spawned: SpawnedProcessor[] = []
  const quietChildren = options.quiet ?? false
  const groups = new Set<string>([name])
  const databases = new Set<string>([name])
  const log = (part: string): Logger => (message) => {
    if (!options.quiet) process.stderr.write(`${new Date().toISOString()} ${name} ${part}: ${message}\n`)
  }
  const endOffsets = async (): Promise<bigint[]> => {
    const consumer = new Consumer({ ...kafkaClientOptions(connections.kafka), clientId: `${name}-offsets`, groupId: `${name}-offsets-never-joined` })
    try {
      return (await consumer.listOffsets({ topics: [name], timestamp: ListOffsetTimestamps.LATEST })).get(name) ?? []
    } finally {
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    }
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
    async start(mode, extra = {}, o = {}) {
      const config = resolveConfig(
        mode,
        { table: name, slot: name, publication: name, topic: name, group: name, metricsPort: -1, partitions: 3, clientId: `${name}-${processors.length}`, ...extra },
        { ...env, EVENTLOAD_MONGO_DB: o.database ?? name },
      )
      groups.add(config.group)
      databases.add(o.database ?? name)
      if (o.fromEnd) for (const g of consumerGroups(config)) await pipeline.positionGroupAtEnd(g)
      for (const g of consumerGroups(config)) groups.add(g)
      const p = await startProcessor(config, { log })
      processors.push(p)
      // Rows written before the slot exists would never be captured: wait until it streams.
      const deadline = Date.now() + 60_000
      while (!p.health().ok) {
        if (Date.now() > deadline) throw new Error(`processor ${config.clientId} not healthy after 60 s: ${JSON.stringify(p.health())}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      return p
    },
    async positionGroupAtEnd(group) {
      await ensureTopic(connections.kafka, `${name}-admin`, name, 3)
      const ends = await endOffsets()
      const admin = new Admin({ ...kafkaClientOptions(connections.kafka), clientId: `${name}-admin` })
      try {
        await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name, partitionOffsets: ends.map((offset, partition) => ({ partition, offset })) }] })
      } finally {
        await admin.close()
      }
    },
    async groupLag(group) {
      const ends = await endOffsets()
      const admin = new Admin({ ...kafkaClientOptions(connections.kafka), clientId: `${name}-admin` })
      try {
        const [g] = await admin.listConsumerGroupOffsets({ groups: [group] })
        const committed = new Map((g?.topics.find((t) => t.name === name)?.partitions ?? []).map((p) => [p.partitionIndex, p.committedOffset]))
        return ends.reduce((lag, end, partition) => {
          const done = committed.get(partition) ?? 0n
          return lag + Number(end - (done < 0n ? 0n : done))
        }, 0)
      } finally {
        await admin.close()
      }
    },
    async spawn(mode, extra = {}, o = {}) {
      const port = await freePort()
      const options: RawOptions = { table: name, slot: name, publication: name, topic: name, group: name, partitions: 3, clientId: `${name}-${spawned.length}-proc`, ...extra, metricsPort: port }
      const childEnv = { ...env, EVENTLOAD_MONGO_DB: o.database ?? name, ...(options.enableFaults ? { EVENTLOAD_ENABLE_FAULTS: '1' } : {}) }
      const resolved = resolveConfig(mode, options, childEnv)
      // Without projections the child runs only the events group (when the processor can).
      const config = o.noProjections && supportsNoProjections(resolved) ? { ...resolved, projectionGroup: null } : resolved
      databases.add(o.database ?? name)
      if (o.fromEnd) for (const g of consumerGroups(config)) await pipeline.positionGroupAtEnd(g)
      for (const g of consumerGroups(config)) groups.add(g)
      const flags: Record<string, string | number | undefined> = {
        table: options.table, slot: options.slot, publication: options.publication, topic: options.topic, group: options.group, partitions: options.partitions,
        'client-id': options.clientId, 'metrics-port': port, 'linger-ms': options.lingerMs, 'batch-size': options.batchSize,
        faults: options.faults, 'fault-seed': options.faultSeed, 'fault-log': options.faultLog,
      }
      const args = ['--import', 'tsx', 'processor/cli.ts', mode, ...Object.entries(flags).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, String(v)]))]
      if (o.noProjections && supportsNoProjections(config)) args.push('--no-projections')
      const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'ignore', quietChildren ? 'ignore' : 'inherit'] })
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const handle: SpawnedProcessor = {
        config,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM')
          await exited
        },
      }
      spawned.push(handle)
      const deadline = Date.now() + 60_000
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)
        if (ok) break
        if (child.exitCode !== null || Date.now() > deadline) {
          await handle.stop()
          throw new Error(`spawned processor ${options.clientId} did not become healthy (exit ${child.exitCode})`)
        }
        await new Promise((r) => setTimeout(r, 200))
      }
      return handle
    },
    async waitAssigned(processor, timeoutMs = 60_000) {
      const wanted = consumerGroups(processor.config)
      const admin = new Admin({ ...kafkaClientOptions(connections.kafka), clientId: `${name}-admin` })
      try {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const described = await admin.describeGroups({ groups: wanted })
          if (wanted.every((g) => described.get(g)?.state === 'STABLE' && (described.get(g)?.members.size ?? 0) > 0)) return
          if (Date.now() > deadline) throw new Error(`consumer groups ${wanted.join(', ')} not stable after ${timeoutMs} ms`)
          await new Promise((r) => setTimeout(r, 200))
        }
      } finally {
        await admin.close()
      }
    },
    async consumerLag(processor) {
      let lag = 0
      for (const g of consumerGroups(processor.config)) lag += await pipeline.groupLag(g)
      return lag
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
      for (const p of [...spawned.splice(0), ...processors.splice(0)].reverse()) await p.stop().catch(() => undefined)
      await dropReplication(connections.postgres.url, { slot: name, publication: name }).catch(() => undefined)
      await pool.query(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined)
      await pool.end()
      for (const db of databases) await dropDatabaseBounded(mongo, db)
      await mongo.close()
      const admin = new Admin({ ...kafkaClientOptions(connections.kafka), clientId: `${name}-cleanup` })
      await admin.deleteGroups({ groups: [...groups] }).catch(() => undefined)
      await admin.deleteTopics({ topics: [name] }).catch(() => undefined)
      await admin.close()
    },
  }
  return pipeline
}

/**
 * Drops a test database, giving up after `ms` instead of hanging the suite: FerretDB 1.x has
 * been seen to block a dropDatabase (and everything after it) for good.
 */
export async function dropDatabaseBounded(mongo: MongoClient, database: string, ms = 30_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`warning: dropping MongoDB database ${database} did not finish in ${ms} ms; leaving it\n`)
      resolve()
    }, ms)
  })
  await Promise.race([mongo.db(database).dropDatabase().then(() => undefined, () => undefined), timeout])
  clearTimeout(timer)
}

/** Whether this processor version runs projections in their own group (and so has --no-projections). */
function supportsNoProjections(config: object): boolean {
  return 'projectionGroup' in config
}

/** The consumer groups a processor runs: its group, and the projection writer's when it has one. */
function consumerGroups(config: { mode: ProcessorMode; group: string }): string[] {
  if (config.mode === 'relay') return []
  const projections = (config as { projectionGroup?: string | null }).projectionGroup
  return projections ? [config.group, projections] : [config.group]
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
