// Everything a processor instance needs, validated once. Connection settings come from
// stack/connections.ts (env, config file or the local stack); names default to topology.ts,
// so the stack's processor and the orchestrator agree without passing anything.
import { join } from 'node:path'
import { z } from 'zod'
import { loadConnections, type Connections } from '../stack/connections.ts'
import { resolveStackOptions } from '../stack/options.ts'
import { topology } from '../stack/topology.ts'
import { NO_FAULTS, parseFaultSpec, type FaultPlan } from './faults/plan.ts'

export type ProcessorMode = 'run' | 'relay' | 'consumer'

/** The projection writer's consumer group is the main group's id plus this. */
export const PROJECTION_GROUP_SUFFIX = '-projections'

export interface ProcessorConfig {
  readonly mode: ProcessorMode
  readonly connections: Pick<Connections, 'postgres' | 'kafka' | 'mongo'>
  /** schema-qualified source table */
  readonly table: { readonly schema: string; readonly name: string }
  readonly topic: string
  readonly partitions: number
  readonly group: string
  /** consumer group of the projection writer; null when projections are off */
  readonly projectionGroup: string | null
  readonly slot: string
  readonly publication: string
  readonly collection: string
  /** null: no HTTP server; 0: any free port */
  readonly metricsPort: number | null
  readonly batchSize: number
  readonly lingerMs: number
  readonly faults: FaultPlan
  readonly faultLog: string | null
  readonly clientId: string
}

const identifier = (what: string) =>
  z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: `${what}: expected a lower-case SQL identifier ([a-z_][a-z0-9_]*)` })

const numberOption = (flag: string, min: number, max: number, integer = true) => {
  const error = `${flag}: expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`
  const n = z.coerce.number({ error }).min(min, { error }).max(max, { error })
  return integer ? n.int({ error }) : n
}

const optionsSchema = z.object({
  table: z.string().regex(/^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/, { error: '--table: expected table or schema.table' }),
  topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, { error: '--topic: expected a Kafka topic name ([A-Za-z0-9._-])' }),
  partitions: numberOption('--partitions', 1, 10_000),
  group: z.string().min(1, { error: '--group: expected a consumer group id' }),
  slot: identifier('--slot'),
  publication: identifier('--publication'),
  collection: z.string().regex(/^[^$\0]{1,120}$/, { error: '--collection: expected a MongoDB collection name' }),
  metricsPort: numberOption('--metrics-port (0 = any free port, -1 = none)', -1, 65535),
  batchSize: numberOption('--batch-size', 1, 10_000),
  lingerMs: numberOption('--linger-ms', 0, 10_000, false),
})

export interface RawOptions {
  table?: string
  topic?: string
  partitions?: string | number
  group?: string
  slot?: string
  publication?: string
  collection?: string
  metricsPort?: string | number
  batchSize?: string | number
  lingerMs?: string | number
  faults?: string
  faultSeed?: string
  faultLog?: string
  enableFaults?: boolean
  clientId?: string
  /** commander's --no-projections sets this to false */
  projections?: boolean
}

export class ProcessorConfigError extends Error {
  override name = 'ProcessorConfigError'
}

export function resolveConfig(mode: ProcessorMode, raw: RawOptions, env: NodeJS.ProcessEnv = process.env): ProcessorConfig {
  const topic = topology.kafka.topics[0]
  const parsed = optionsSchema.safeParse({
    table: raw.table ?? 'events',
    topic: raw.topic ?? topic.name,
    partitions: raw.partitions ?? topic.partitions,
    group: raw.group ?? topology.processor.consumerGroup,
    slot: raw.slot ?? topology.processor.replicationSlot,
    publication: raw.publication ?? topology.processor.publication,
    collection: raw.collection ?? 'events',
    metricsPort: raw.metricsPort ?? resolveStackOptions(env).ports.processorMetrics,
    batchSize: raw.batchSize ?? 500,
    lingerMs: raw.lingerMs ?? 5,
  })
  if (!parsed.success) throw new ProcessorConfigError(parsed.error.issues.map((i) => i.message).join('; '))
  const o = parsed.data

  let faults = NO_FAULTS
  if (raw.faults !== undefined && raw.faults.trim() !== '') {
    const enabled = raw.enableFaults === true || /^(1|true|yes)$/i.test(env.EVENTLOAD_ENABLE_FAULTS ?? '')
    if (!enabled) {
      throw new ProcessorConfigError(
        '--faults injects data loss and corruption into MongoDB; it is refused unless --enable-faults (or EVENTLOAD_ENABLE_FAULTS=1) is given too',
      )
    }
    try {
      faults = parseFaultSpec(raw.faults, raw.faultSeed ?? '0')
    } catch (error) {
      throw new ProcessorConfigError(`--faults: ${(error as Error).message}`)
    }
  } else if (raw.faultSeed !== undefined || raw.faultLog !== undefined) {
    throw new ProcessorConfigError('--fault-seed / --fault-log only make sense with --faults')
  }

  const [schema, name] = o.table.includes('.') ? (o.table.split('.') as [string, string]) : ['public', o.table]
  const connections = loadConnections({ env })
  return {
    mode,
    connections: { postgres: connections.postgres, kafka: connections.kafka, mongo: connections.mongo },
    table: { schema, name },
    topic: o.topic,
    partitions: o.partitions,
    group: o.group,
    projectionGroup: raw.projections === false ? null : `${o.group}${PROJECTION_GROUP_SUFFIX}`,
    slot: o.slot,
    publication: o.publication,
    collection: o.collection,
    metricsPort: o.metricsPort < 0 ? null : o.metricsPort,
    batchSize: o.batchSize,
    lingerMs: o.lingerMs,
    faults,
    faultLog:
      faults === NO_FAULTS
        ? null
        : (raw.faultLog ?? join(resolveStackOptions(env).stateDir, 'faults', `${o.group}-seed-${faults.seed}.jsonl`)),
    clientId: raw.clientId ?? `eventload-processor-${process.pid}`,
  }
}
