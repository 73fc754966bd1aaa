// A running processor: relay, consumer or both, plus the metrics/health endpoint. This is
// the programmatic API the CLI, tests and benchmarks use.
import { MongoClient } from 'mongodb'
import type { ProcessorConfig } from './config.ts'
import { BatchWriter } from './consumer/batch-writer.ts'
import { EventConsumer } from './consumer/consumer.ts'
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
  let consumer: EventConsumer | null = null
  if (withConsumer) {
    const groundTruth = isActive(config.faults) && config.faultLog ? await GroundTruthLog.open(config.faultLog) : null
    if (groundTruth) log(`FAULT INJECTION ON: ${describePlan(config.faults)}; ground truth -> ${groundTruth.path}`)
    mongo = new MongoClient(config.connections.mongo.url, { serverSelectionTimeoutMS: 5_000, appName: config.clientId })
    const db = mongo.db(config.connections.mongo.database)
    const writer = new BatchWriter(db, {
      collection: config.collection,
      plan: config.faults,
      rules: options.rules ?? DEFAULT_RULES,
      metrics,
      groundTruth,
    })
    consumer = new EventConsumer(config, { metrics, log: logFor('consumer'), db, writer })
  }
  const relay = withRelay ? new Relay(config, { metrics, log: logFor('relay') }) : null

  const health = (): HealthReport => {
    const parts: HealthReport['parts'] = {}
    if (relay) parts.relay = relay.health()
    if (consumer) parts.consumer = consumer.health()
    return { ok: Object.values(parts).every((p) => p.ok), parts }
  }

  let server: MetricsServer | null = null
  if (config.metricsPort !== null) server = await startMetricsServer(config.metricsPort, metrics.registry, health)
  relay?.start()
  consumer?.start()
  log(
    `started ${config.mode}: table ${config.table.schema}.${config.table.name} -> topic ${config.topic} -> ` +
      `${config.connections.mongo.database}.${config.collection} (slot ${config.slot}, group ${config.group}` +
      `${server ? `, metrics :${server.port}` : ''})`,
  )

  let stopping: Promise<void> | null = null
  return {
    config,
    metrics,
    port: server?.port ?? null,
    health,
    stop: () =>
      (stopping ??= (async () => {
        // Relay first, so what it already sent can still be consumed before the consumer stops.
        await relay?.stop()
        await consumer?.stop()
        await mongo?.close()
        await server?.close()
        log('stopped')
      })()),
  }
}
