// Where the local stack lives and which ports it binds. Defaults come from topology.ts; env
// vars override them so a second, isolated stack (tests, CI rehearsals) can run beside the
// shared one without touching it.
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { topology } from './topology.ts'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface StackPorts {
  postgres: number
  kafka: number
  kafkaController: number
  mongo: number
  prometheus: number
  processorMetrics: number
}

export interface StackOptions {
  /** Runtime state: data dirs, pid files, logs. */
  stateDir: string
  /** Provisioned artifacts (Kafka jars, FerretDB binary), shared by every state dir. */
  cacheDir: string
  ports: StackPorts
}

/** Env var that overrides each port; also used in error messages that suggest a fix. */
export const PORT_ENV: Record<keyof StackPorts, string> = {
  postgres: 'EVENTLOAD_PG_PORT',
  kafka: 'EVENTLOAD_KAFKA_PORT',
  kafkaController: 'EVENTLOAD_KAFKA_CONTROLLER_PORT',
  mongo: 'EVENTLOAD_MONGO_PORT',
  prometheus: 'EVENTLOAD_PROMETHEUS_PORT',
  processorMetrics: 'EVENTLOAD_PROCESSOR_METRICS_PORT',
}

const DEFAULT_PORTS: StackPorts = {
  postgres: topology.postgres.port,
  kafka: topology.kafka.port,
  kafkaController: topology.kafka.controllerPort,
  mongo: topology.mongo.port,
  prometheus: topology.prometheus.port,
  processorMetrics: topology.processor.metricsPort,
}

const portSchema = z.coerce.number().int().min(1).max(65535)

export class StackOptionsError extends Error {
  override name = 'StackOptionsError'
}

/** Resolves state dir, cache dir and ports from `env`, then `overrides` (programmatic) win. */
export function resolveStackOptions(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Omit<StackOptions, 'ports'>> & { ports?: Partial<StackPorts> } = {},
): StackOptions {
  const ports = { ...DEFAULT_PORTS }
  for (const key of Object.keys(PORT_ENV) as (keyof StackPorts)[]) {
    const raw = env[PORT_ENV[key]]
    if (raw === undefined || raw === '') continue
    const parsed = portSchema.safeParse(raw)
    if (!parsed.success) {
      throw new StackOptionsError(`${PORT_ENV[key]}: expected a TCP port 1-65535, got "${raw}"`)
    }
    ports[key] = parsed.data
  }
  Object.assign(ports, overrides.ports)
  const xdgCache = env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return {
    stateDir: resolve(overrides.stateDir ?? (env.EVENTLOAD_STATE_DIR || join(REPO_ROOT, '.eventload'))),
    cacheDir: resolve(overrides.cacheDir ?? (env.EVENTLOAD_CACHE_DIR || join(xdgCache, 'eventload'))),
    ports,
  }
}
