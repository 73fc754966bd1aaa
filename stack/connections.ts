// One validated answer to "where are Postgres, Kafka, MongoDB and Prometheus?". Precedence:
// env vars > config file > the local stack (topology.ts + port overrides). Every consumer
// (orchestrator, processor, tests) reads connections from here, never from its own env vars.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { redactUrl } from './redact.ts'
import { resolveStackOptions, type StackOptions } from './options.ts'
import { topology } from './topology.ts'

export const CONNECTION_SERVICES = ['postgres', 'kafka', 'mongo', 'prometheus'] as const
export type ConnectionService = (typeof CONNECTION_SERVICES)[number]
export type ConnectionSource = 'env' | 'file' | 'local'

const urlWithScheme = (schemes: string[], example: string) =>
  z.string().refine(
    (s) => {
      try {
        return schemes.includes(new URL(s).protocol.replace(/:$/, ''))
      } catch {
        // multi-host MongoDB URLs are not WHATWG-parseable; the scheme check is enough here
        return schemes.some((sch) => s.startsWith(`${sch}://`) && s.length > sch.length + 3)
      }
    },
    { error: `expected a URL like ${example}` },
  )

const brokerSchema = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, { error: 'expected host:port, e.g. 127.0.0.1:9092' })

const saslSchema = z
  .object({
    mechanism: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], {
      error: 'expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512',
    }),
    username: z.string().min(1, { error: 'expected a non-empty user name' }),
    password: z.string().min(1, { error: 'expected a non-empty password' }),
  })
  .strict()

const connectionsSchema = z
  .object({
    postgres: z.object({ url: urlWithScheme(['postgres', 'postgresql'], 'postgres://user:pass@host:5432/db') }).strict(),
    kafka: z
      .object({
        brokers: z.array(brokerSchema).min(1, { error: 'expected at least one broker (host:port)' }),
        ssl: z.boolean({ error: 'expected true or false' }),
        sasl: saslSchema.optional(),
      })
      .strict(),
    mongo: z
      .object({
        url: urlWithScheme(['mongodb', 'mongodb+srv'], 'mongodb://host:27017/'),
        database: z.string().regex(/^[^/\\. "$]{1,63}$/, { error: 'expected a MongoDB database name (no / \\ . " $ or space)' }),
      })
      .strict(),
    prometheus: z.object({ url: urlWithScheme(['http', 'https'], 'http://host:9090') }).strict(),
  })
  .strict()

type Validated = z.infer<typeof connectionsSchema>

export interface Connections extends Validated {
  /** True where the service is the user's own, not the local stack's (the stack leaves it alone). */
  external: Record<ConnectionService, boolean>
  source: Record<ConnectionService, ConnectionSource>
  /** The config file that was read, if any. */
  configFile?: string
}

export class ConnectionsConfigError extends Error {
  override name = 'ConnectionsConfigError'
  constructor(readonly issues: string[]) {
    super(`invalid connection settings:\n${issues.map((i) => `  - ${i}`).join('\n')}`)
  }
}

export interface LoadConnectionsOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  stack?: StackOptions
}

/** The local stack's connection settings (what `npm run stack -- up` serves). */
export function localConnections(stack: StackOptions = resolveStackOptions()): Validated {
  const { user, password, database } = topology.postgres
  return {
    postgres: { url: `postgres://${user}:${password}@127.0.0.1:${stack.ports.postgres}/${database}` },
    kafka: { brokers: [`127.0.0.1:${stack.ports.kafka}`], ssl: false },
    mongo: { url: `mongodb://127.0.0.1:${stack.ports.mongo}/`, database: topology.mongo.database },
    prometheus: { url: `http://127.0.0.1:${stack.ports.prometheus}` },
  }
}

/** Loads, merges and validates connection settings; throws ConnectionsConfigError naming each bad field. */
export function loadConnections(opts: LoadConnectionsOptions = {}): Connections {
  const env = opts.env ?? process.env
  const issues: string[] = []
  const stack = opts.stack ?? resolveStackOptions(env)
  const merged: Record<string, Record<string, unknown>> = structuredClone(localConnections(stack))
  // dotted field path -> label used in error messages (env var name or file + path)
  const origin = new Map<string, string>()
  const source = Object.fromEntries(CONNECTION_SERVICES.map((s) => [s, 'local'])) as Record<ConnectionService, ConnectionSource>

  const file = readConfigFile(env, opts.cwd ?? process.cwd(), issues)
  if (file) {
    for (const service of CONNECTION_SERVICES) {
      const section = file.data[service]
      if (section === undefined) continue
      if (typeof section !== 'object' || section === null || Array.isArray(section)) {
        issues.push(`${file.path}: ${service}: expected an object`)
        continue
      }
      Object.assign(merged[service]!, section)
      for (const key of Object.keys(section)) origin.set(`${service}.${key}`, `${file.path}: ${service}.${key}`)
      source[service] = 'file'
    }
  }

  const set = (service: ConnectionService, key: string, value: unknown, envName: string) => {
    merged[service]![key] = value
    origin.set(`${service}.${key}`, envName)
    source[service] = 'env'
  }
  const mongoEnv = env.EVENTLOAD_MONGO_URL ? 'EVENTLOAD_MONGO_URL' : env.MONGODB_URI ? 'MONGODB_URI' : undefined
  if (env.EVENTLOAD_PG_URL) set('postgres', 'url', env.EVENTLOAD_PG_URL, 'EVENTLOAD_PG_URL')
  if (env.EVENTLOAD_KAFKA_BROKERS !== undefined && env.EVENTLOAD_KAFKA_BROKERS !== '') {
    const brokers = env.EVENTLOAD_KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean)
    set('kafka', 'brokers', brokers, 'EVENTLOAD_KAFKA_BROKERS')
  }
  if (env.EVENTLOAD_KAFKA_SSL) set('kafka', 'ssl', parseBool(env.EVENTLOAD_KAFKA_SSL), 'EVENTLOAD_KAFKA_SSL')
  const saslVars = ['MECHANISM', 'USERNAME', 'PASSWORD'].map((k) => `EVENTLOAD_KAFKA_SASL_${k}`)
  if (saslVars.some((v) => env[v])) {
    const missing = saslVars.filter((v) => !env[v])
    if (missing.length) issues.push(`${missing.join(', ')}: required when any EVENTLOAD_KAFKA_SASL_* is set`)
    else {
      set('kafka', 'sasl', {
        mechanism: env.EVENTLOAD_KAFKA_SASL_MECHANISM!.toUpperCase(),
        username: env.EVENTLOAD_KAFKA_SASL_USERNAME,
        password: env.EVENTLOAD_KAFKA_SASL_PASSWORD,
      }, 'EVENTLOAD_KAFKA_SASL_*')
      for (const k of ['mechanism', 'username', 'password']) origin.set(`kafka.sasl.${k}`, `EVENTLOAD_KAFKA_SASL_${k.toUpperCase()}`)
    }
  }
  if (mongoEnv) set('mongo', 'url', env[mongoEnv], mongoEnv)
  if (env.EVENTLOAD_MONGO_DB) set('mongo', 'database', env.EVENTLOAD_MONGO_DB, 'EVENTLOAD_MONGO_DB')
  if (env.EVENTLOAD_PROMETHEUS_URL) set('prometheus', 'url', env.EVENTLOAD_PROMETHEUS_URL, 'EVENTLOAD_PROMETHEUS_URL')

  const parsed = connectionsSchema.safeParse(merged)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(`${label(issue.path, origin)}: ${issue.message}`)
  }
  if (issues.length || !parsed.success) throw new ConnectionsConfigError(issues)

  // A database name alone does not make Mongo external; only a different server does.
  const external = Object.fromEntries(
    CONNECTION_SERVICES.map((s) => [s, s === 'mongo' ? !!mongoEnv || origin.has('mongo.url') : source[s] !== 'local']),
  ) as Record<ConnectionService, boolean>
  return { ...parsed.data, external, source, ...(file ? { configFile: file.path } : {}) }
}

/** One line per service, passwords redacted, for logs and `stack status`. */
export function describeConnections(c: Connections): string[] {
  const where = (s: ConnectionService) => (c.external[s] ? `external (${c.source[s]})` : 'local stack')
  return [
    `postgres   ${redactUrl(c.postgres.url)}  [${where('postgres')}]`,
    `kafka      ${c.kafka.brokers.join(',')}${c.kafka.sasl ? ` sasl=${c.kafka.sasl.mechanism}` : ''}${c.kafka.ssl ? ' ssl' : ''}  [${where('kafka')}]`,
    `mongo      ${redactUrl(c.mongo.url)} db=${c.mongo.database}  [${where('mongo')}]`,
    `prometheus ${redactUrl(c.prometheus.url)}  [${where('prometheus')}]`,
  ]
}

function label(path: PropertyKey[], origin: Map<string, string>): string {
  const key = (parts: PropertyKey[]) => parts.map(String).join('.')
  const rest = (parts: PropertyKey[]) => parts.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
  for (let i = path.length; i > 0; i--) {
    const hit = origin.get(key(path.slice(0, i)))
    if (hit) return `${hit}${rest(path.slice(i))}`
  }
  return key(path)
}

function parseBool(raw: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  return raw // left for zod to reject with the field name
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string, issues: string[]) {
  const explicit = env.EVENTLOAD_CONFIG
  const path = resolve(cwd, explicit || 'eventload.config.json')
  if (!existsSync(path)) {
    if (explicit) issues.push(`EVENTLOAD_CONFIG: file not found: ${path}`)
    return undefined
  }
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      issues.push(`${path}: expected a JSON object with optional "postgres", "kafka", "mongo", "prometheus" sections`)
      return undefined
    }
    // Other top-level keys belong to the orchestrator's run config and are validated there.
    return { path, data: data as Record<string, unknown> }
  } catch (err) {
    issues.push(`${path}: not valid JSON (${(err as Error).message})`)
    return undefined
  }
}
