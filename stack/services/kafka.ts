// Apache Kafka as one JVM: a combined broker+controller (KRaft, no ZooKeeper) on loopback, jars
// from the artifact cache, storage formatted on first start, topology topics created
// explicitly (auto-creation is off).
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ensureKafkaLibs, kafkaLibsCached, kafkaVersion } from '../artifacts/kafka-jars.ts'
import { kafkaClientOptions } from '../kafka/client-options.ts'
import { log4j2Xml, serverProperties } from '../kafka/config.ts'
import { ensureTopics, HEALTH_TOPIC, probeKafka } from '../kafka/probe.ts'
import { TOOLS } from '../prereqs.ts'
import type { Health, Prerequisite, StackContext } from '../service.ts'
import { topology } from '../topology.ts'
import { DaemonService, type LaunchSpec } from './daemon-service.ts'

const execFileAsync = promisify(execFile)
export const KAFKA_HEAP = '512m'

export class KafkaService extends DaemonService {
  readonly name = 'kafka' as const
  // controlled shutdown of a single node is quick, but the JVM flushes logs first
  protected override stopGraceMs = 30_000
  protected override startTimeoutMs = 90_000

  protected ports(ctx: StackContext): number[] {
    return [ctx.options.ports.kafka, ctx.options.ports.kafkaController]
  }

  protected url(ctx: StackContext): string {
    return `kafka://${ctx.connections.kafka.brokers.join(',')}`
  }

  prerequisites(ctx: StackContext): Prerequisite[] {
    return kafkaLibsCached(ctx.options.cacheDir) ? [TOOLS.java] : [TOOLS.java, TOOLS.mvn]
  }

  private configDir(ctx: StackContext): string {
    return join(this.dataDir(ctx), 'config')
  }

  private storageDir(ctx: StackContext): string {
    return join(this.dataDir(ctx), 'data')
  }

  protected async provision(ctx: StackContext): Promise<void> {
    const libs = await ensureKafkaLibs(ctx.options.cacheDir, ctx.env, (m) => ctx.log(this.name, m))
    const configDir = this.configDir(ctx)
    const logDir = join(ctx.options.stateDir, 'logs')
    mkdirSync(configDir, { recursive: true })
    mkdirSync(logDir, { recursive: true })
    writeFileSync(
      join(configDir, 'server.properties'),
      serverProperties({
        port: ctx.options.ports.kafka,
        controllerPort: ctx.options.ports.kafkaController,
        dataDir: this.storageDir(ctx),
        logDir,
      }),
    )
    writeFileSync(join(configDir, 'log4j2.xml'), log4j2Xml(logDir))
    if (existsSync(join(this.storageDir(ctx), 'meta.properties'))) return
    // Kafka cluster ids are 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints)
    const clusterId = randomBytes(16).toString('base64url')
    ctx.log(this.name, `formatting KRaft storage (cluster ${clusterId})`)
    try {
      await execFileAsync(
        'java',
        [...this.jvmArgs(ctx, libs), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', join(configDir, 'server.properties')],
        { env: ctx.env },
      )
    } catch (err) {
      const e = err as Error & { stdout?: string; stderr?: string }
      throw new Error(`kafka: storage format failed: ${(e.stderr || e.stdout || e.message).trim().slice(-2000)}`)
    }
  }

  private jvmArgs(ctx: StackContext, libs: string): string[] {
    return [
      `-Xmx${KAFKA_HEAP}`,
      `-Xms${KAFKA_HEAP}`,
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(this.configDir(ctx), 'log4j2.xml')}`,
      `-Dkafka.logs.dir=${join(ctx.options.stateDir, 'logs')}`,
      '-cp',
      join(libs, '*'),
    ]
  }

  protected async launch(ctx: StackContext): Promise<LaunchSpec> {
    const libs = await ensureKafkaLibs(ctx.options.cacheDir, ctx.env, (m) => ctx.log(this.name, m))
    return {
      command: 'java',
      args: [...this.jvmArgs(ctx, libs), 'kafka.Kafka', join(this.configDir(ctx), 'server.properties')],
      env: ctx.env,
    }
  }

  override logFiles(ctx: StackContext): string[] {
    return [this.logFile(ctx), join(ctx.options.stateDir, 'logs', 'kafka-server.log')]
  }

  async health(ctx: StackContext): Promise<Health> {
    try {
      const probe = await probeKafka(kafkaClientOptions(ctx.connections.kafka))
      return {
        healthy: probe.brokers >= 1,
        version: ctx.connections.external.kafka ? undefined : kafkaVersion(),
        detail: `${probe.brokers} broker(s), round trip ${probe.roundTripMs} ms`,
      }
    } catch (err) {
      return { healthy: false, detail: (err as Error).message }
    }
  }

  protected override async ready(ctx: StackContext): Promise<void> {
    const created = await ensureTopics(
      kafkaClientOptions(ctx.connections.kafka),
      [...topology.kafka.topics, { name: HEALTH_TOPIC, partitions: 1 }],
      (m) => ctx.log(this.name, m),
    )
    if (created.length) ctx.log(this.name, `created topics: ${created.join(', ')}`)
  }
}
