// A private pipeline for tests and benchmarks: its own source table (a copy of the stack's
// `events` schema), publication, slot, topic, consumer group and MongoDB database, so a run
// neither sees nor disturbs other people's events on the shared stack. Cleanup drops all of it.
import { randomBytes } from 'node:crypto'
import { Admin } from '@platformatic/kafka'
import { MongoClient } from 'mongodb'
import pg from 'pg'
import { resolveConfig, type RawOptions } from '../../../processor/config.ts'
import { kafkaClientOptions } from '../../../processor/kafka.ts'
import type { Logger } from '../../../processor/log.ts'
import { startProcessor, type RunningProcessor } from '../../../processor/processor.ts'
import { dropReplication } from '../../../processor/relay/replication-setup.ts'
import { loadConnections } from '../../../stack/connections.ts'

export interface PrivatePipeline {
  readonly name: string
  readonly table: string
  readonly database: string
  readonly pool: pg.Pool
  readonly mongo: MongoClient
  processor: RunningProcessor | null
  start(extra?: RawOptions): Promise<RunningProcessor>
  cleanup(): Promise<void>
}

export async function createPrivatePipeline(label: string, options: { quiet?: boolean; poolSize?: number } = {}): Promise<PrivatePipeline> {
  const name = `proc_${label}_${randomBytes(4).toString('hex')}`
  const connections = loadConnections()
  // Timestamps compare as text with what the relay saw, which runs in UTC too.
  const pool = new pg.Pool({ connectionString: connections.postgres.url, max: options.poolSize ?? 10, options: '-c TimeZone=UTC' })
  await pool.query(`CREATE TABLE ${name} (LIKE public.events INCLUDING ALL)`)
  const mongo = new MongoClient(connections.mongo.url)
  const env = { ...process.env, EVENTLOAD_MONGO_DB: name }
  const lines: string[] = []
  const log = (part: string): Logger => (message) => {
    const line = `${new Date().toISOString()} ${name} ${part}: ${message}`
    lines.push(line)
    if (!options.quiet) process.stderr.write(line + '\n')
  }

  const pipeline: PrivatePipeline = {
    name,
    table: name,
    database: name,
    pool,
    mongo,
    processor: null,
    async start(extra: RawOptions = {}) {
      const config = resolveConfig(
        'run',
        { table: name, slot: name, publication: name, topic: name, group: name, metricsPort: 0, partitions: 6, clientId: name, ...extra },
        env,
      )
      pipeline.processor = await startProcessor(config, { log })
      await pipeline.processor.ready()
      return pipeline.processor
    },
    async cleanup() {
      await pipeline.processor?.stop()
      await dropReplication(connections.postgres.url, { slot: name, publication: name }).catch((e: unknown) => lines.push(String(e)))
      await pool.query(`DROP TABLE IF EXISTS ${name}`)
      await pool.end()
      await mongo.db(name).dropDatabase().catch(() => undefined)
      await mongo.close()
      const admin = new Admin(kafkaClientOptions(connections.kafka, `${name}-cleanup`))
      await admin.deleteTopics({ topics: [name] }).catch(() => undefined)
      await admin.close()
    },
  }
  return pipeline
}

/** Polls until `check` returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Current value of one of the processor's counters (events relayed, consumed, projected...). */
export async function counterValue(processor: RunningProcessor, name: 'relayed' | 'consumed' | 'projected' | 'rejected'): Promise<number> {
  const metric = await processor.metrics[name].get()
  return metric.values.reduce((sum, v) => sum + v.value, 0)
}

/** Waits until the processor has relayed, written and projected at least `events` events. */
export async function waitForProcessed(processor: RunningProcessor, events: number, timeoutMs: number): Promise<boolean> {
  return waitFor(async () => {
    for (const name of ['relayed', 'consumed', 'projected'] as const) {
      if (name === 'projected' && processor.config.projectionGroup === null) continue
      if ((await counterValue(processor, name)) < events) return false
    }
    return true
  }, timeoutMs)
}
