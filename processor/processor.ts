// A running processor: relay, consumer or both, plus the metrics/health endpoint. This is
// the programmatic API the CLI, tests and benchmarks use.
import { MongoClient } from 'mongodb'
import { giveWay } from './backoff.ts'
import type { ProcessorConfig } from './config.ts'
import { EventWriter } from './consumer/event-writer.ts'
import { GroupConsumer } from './consumer/group-consumer.ts'
import { ProjectionWriter } from './consumer/projection-writer.ts'
import { GroundTruthLog } from './faults/ground-truth.ts'
import { describePlan, isActive } from './faults/plan.ts'
import { startMetricsServer, type HealthReport, type MetricsServer } from './http/server.ts'
import { createLogger, type Logger } from './log.ts'
import { createMetrics, type ProcessorMetrics } from './metrics.ts'
import { DEFAULT_RULES, type ProjectionRules } from './projections/rules.ts'
import { Relay } from './relay/relay.ts'

export interface RunningProcessor {
  readonly config: ProcessorConfig
  readonly metrics: ProcessorMetrics
  /** the bound metrics port, or null without an HTTP server */
  readonly port: number | null
  health(): HealthReport
  /**
   * Resolves once every part is connected and streaming (the slot exists, so rows committed
   * from now on are captured); rejects with the failing parts after `timeoutMs`.
   */
  ready(timeoutMs?: number): Promise<void>
  /** Graceful: drains in-flight work, commits, confirms, then closes everything. */
  stop(): Promise<void>
}

export interface StartOptions {
  readonly log?: (part: string) => Logger
  readonly rules?: ProjectionRules
  readonly defaultMetrics?: boolean
}

export async function startProcessor(config: ProcessorConfig, options: StartOptions = {}): Promise<RunningProcessor> {
  const logFor = options.log ?? ((part: string) => createLogger(part))
  const log = logFor('main')
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false })
  const withRelay = config.mode !== 'consumer'
  const withConsumer = config.mode !== 'relay'

  let mongo: MongoClient | null = null
  let consumer: GroupConsumer | null = null
  let projector: GroupConsumer | null = null
  if (withConsumer) {
    const groundTruth = isActive(config.faults) && config.faultLog ? await GroundTruthLog.open(config.faultLog) : null
    if (groundTruth) log(`FAULT INJECTION ON: ${describePlan(config.faults)}; ground truth -> ${groundTruth.path}`)
    mongo = new MongoClient(config.connections.mongo.url, { serverSelectionTimeoutMS: 5_000, appName: config.clientId })
    const db = mongo.db(config.connections.mongo.database)
    const events = new EventWriter(db, { collection: config.collection, plan: config.faults, metrics, groundTruth })
    const eventsConsumer = new GroupConsumer(config, config.group, {
      metrics,
      log: logFor('consumer'),
      handler: {
        prepare: async () => {
          if ((await events.ensureIndexes()) === 'skipped') log('FerretDB detected: run_id/event_id indexes not created (they slow its inserts)')
        },
        write: (records) => events.write(records),
      },
    })
    consumer = eventsConsumer
    if (config.projectionGroup !== null) {
      const projections = new ProjectionWriter(db, {
        rules: options.rules ?? DEFAULT_RULES,
        plan: config.faults,
        metrics,
        groundTruth,
        pause: () => giveWay(() => eventsConsumer.busy, 200),
      })
      projector = new GroupConsumer(config, config.projectionGroup, {
        metrics,
        log: logFor('projections'),
        handler: { write: (records) => projections.write(records), reset: () => projections.reset() },
        // Projections are second in line for the store: bigger, later batches (one write per
        // entity per batch, so fewer writes) that wait while the events collection has work.
        batchSize: Math.max(config.batchSize, 2_000),
        lingerMs: Math.max(config.lingerMs, 250),
        yieldTo: () => eventsConsumer.busy,
        maxYieldMs: 1_000,
      })
    }
  }
  const relay = withRelay ? new Relay(config, { metrics, log: logFor('relay') }) : null

  const health = (): HealthReport => {
    const parts: HealthReport['parts'] = {}
    if (relay) parts.relay = relay.health()
    if (consumer) parts.consumer = consumer.health()
    if (projector) parts.projections = projector.health()
    return { ok: Object.values(parts).every((p) => p.ok), parts }
  }

  let server: MetricsServer | null = null
  if (config.metricsPort !== null) server = await startMetricsServer(config.metricsPort, metrics.registry, health)
  relay?.start()
  consumer?.start()
  projector?.start()
  const parts = [
    withRelay && `relay ${config.table.schema}.${config.table.name} (slot ${config.slot}) -> topic ${config.topic}`,
    withConsumer && `consumer ${config.topic} (group ${config.group}) -> ${config.connections.mongo.database}.${config.collection}`,
    withConsumer && (config.projectionGroup ? `projections (group ${config.projectionGroup})` : 'no projections'),
    server && `metrics :${server.port}`,
  ]
  log(`started ${config.mode}: ${parts.filter(Boolean).join('; ')}`)

  let stopping: Promise<void> | null = null
  return {
    config,
    metrics,
    port: server?.port ?? null,
    health,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (!health().ok) {
        if (Date.now() > deadline) throw new Error(`processor not ready after ${timeoutMs} ms: ${JSON.stringify(health().parts)}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    },
    stop: () =>
      (stopping ??= (async () => {
        // Relay first, so what it already sent can still be consumed before the consumer stops.
        await relay?.stop()
        await Promise.all([consumer?.stop(), projector?.stop()])
        await mongo?.close()
        await server?.close()
        log('stopped')
      })()),
  }
}
