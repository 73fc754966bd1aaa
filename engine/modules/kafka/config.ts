// Reads xk6-kafka's WriterConfig / ReaderConfig / ConnectionConfig with its rules (field names,
// Go-nanosecond numbers for durations, `maxWait` as a Go duration string, requiredAcks -1/0/1)
// and turns the security part into @platformatic/kafka connection options.
import type { ConnectionOptions as TlsOptions } from 'node:tls'
import type { SASLOptions } from '@platformatic/kafka'
import { parseGoDurationMs } from '../sql/go-duration.ts'
import { KafkaError } from './errors.ts'
import {
  ISOLATION_LEVEL_READ_COMMITTED,
  ISOLATION_LEVEL_READ_UNCOMMITTED,
  SASL,
  START_OFFSETS_FIRST_OFFSET,
  START_OFFSETS_LAST_OFFSET,
} from './constants.ts'

export interface Security {
  sasl?: SASLOptions
  tls?: TlsOptions
}

export interface Cluster {
  brokers: string[]
  security: Security
  /** Identifies the cluster + credentials, so clients are shared only between equal configs. */
  key: string
}

export interface WriterSettings {
  cluster: Cluster
  topic: string
  autoCreateTopic: boolean
  balancer: string | undefined
  requiredAcks: -1 | 0 | 1
  compression: 'gzip' | 'snappy' | 'lz4' | 'zstd' | undefined
  batchSize: number
  batchTimeoutMs: number
  readTimeoutMs: number
  writeTimeoutMs: number
  maxAttempts: number
}

export type StartOffset = { kind: 'first' } | { kind: 'last' } | { kind: 'at'; offset: bigint }

export interface ReaderSettings {
  cluster: Cluster
  topic: string
  partition: number
  groupId: string | undefined
  groupTopics: string[]
  start: StartOffset
  minBytes: number
  maxBytes: number
  /** How long one message may take to arrive (librdkafka fetch.wait.max.ms; xk6 default 5s). */
  maxWaitMs: number
  sessionTimeoutMs: number | undefined
  heartbeatIntervalMs: number | undefined
  rebalanceTimeoutMs: number | undefined
  /** 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED (librdkafka's default). */
  isolationLevel: 0 | 1
}

type Raw = Record<string, unknown>

/** A scalar config value as text ('' for anything else), as Go's decoder would read it. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}

export function asObject(value: unknown, what: string): Raw {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KafkaError(`Invalid ${what}: expected an object, got ${value === null ? 'null' : typeof value}`)
  }
  return value as Raw
}

export function parseCluster(raw: Raw, what: string, brokersOverride?: string[]): Cluster {
  const brokers = brokersOverride ?? raw.brokers
  if (!Array.isArray(brokers) || brokers.length === 0 || brokers.some((b) => typeof b !== 'string' || b === '')) {
    throw new KafkaError(`Invalid ${what}: brokers must be a non-empty array of "host:port" strings, e.g. brokers: ["localhost:9092"]`)
  }
  const security = parseSecurity(raw.sasl, raw.tls, what)
  return { brokers: brokers as string[], security, key: JSON.stringify([brokers, security]) }
}

function parseSecurity(rawSasl: unknown, rawTls: unknown, what: string): Security {
  const security: Security = {}
  const tls = rawTls === undefined || rawTls === null ? {} : asObject(rawTls, `${what}.tls`)
  if (tls.enableTls === true) {
    const opts: TlsOptions = { rejectUnauthorized: tls.insecureSkipTlsVerify !== true }
    if (typeof tls.serverCaPem === 'string' && tls.serverCaPem) opts.ca = tls.serverCaPem
    if (typeof tls.clientCertPem === 'string' && tls.clientCertPem) opts.cert = tls.clientCertPem
    if (typeof tls.clientKeyPem === 'string' && tls.clientKeyPem) opts.key = tls.clientKeyPem
    const min = typeof tls.minVersion === 'string' ? /^tlsv?1\.([0-3])$/.exec(tls.minVersion) : null
    if (min) opts.minVersion = `TLSv1${min[1] === '0' ? '' : `.${min[1]}`}` as TlsOptions['minVersion']
    security.tls = opts
  }
  const sasl = rawSasl === undefined || rawSasl === null ? {} : asObject(rawSasl, `${what}.sasl`)
  const algorithm = typeof sasl.algorithm === 'string' ? sasl.algorithm : ''
  const creds = { username: str(sasl.username), password: str(sasl.password) }
  switch (algorithm) {
    case '':
    case SASL.NONE:
      break
    case SASL.SASL_PLAIN:
      security.sasl = { mechanism: 'PLAIN', ...creds }
      break
    case SASL.SASL_SSL:
      if (!security.tls) throw new KafkaError('You must enable TLS to use SASL_SSL: set tls: { enableTls: true }')
      security.sasl = { mechanism: 'PLAIN', ...creds }
      break
    case SASL.SASL_SCRAM_SHA256:
      security.sasl = { mechanism: 'SCRAM-SHA-256', ...creds }
      break
    case SASL.SASL_SCRAM_SHA512:
      security.sasl = { mechanism: 'SCRAM-SHA-512', ...creds }
      break
    case SASL.SASL_GSSAPI:
    case SASL.SASL_AWS_IAM:
    case SASL.SASL_AZURE_ENTRA:
    case SASL.SASL_GCP_OAUTH:
      throw new KafkaError(
        `SASL mechanism ${algorithm} is not supported by the node engine (PLAIN and SCRAM are): run this script with a k6 binary built with xk6-kafka`,
      )
    default:
      throw new KafkaError(`Unsupported SASL mechanism ${JSON.stringify(algorithm)}: use one of the SASL_* constants`)
  }
  return security
}

/** A Go time.Duration field given as a number of nanoseconds, in milliseconds. */
export function nanosField(raw: Raw, field: string, what: string): number | undefined {
  const value = raw[field]
  if (value === undefined || value === null || value === 0) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new KafkaError(
      `Invalid ${what}: ${field} is a Go duration in nanoseconds (a number, e.g. 10 * SECOND), got ${JSON.stringify(value)}`,
    )
  }
  return value / 1e6
}

function intField(raw: Raw, field: string, what: string, fallback: number): number {
  const value = raw[field]
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new KafkaError(`Invalid ${what}: ${field} must be a whole number, got ${JSON.stringify(value)}`)
  }
  return value
}

const COMPRESSIONS = new Set(['gzip', 'snappy', 'lz4', 'zstd'])
const BALANCERS = new Set(['balancer_roundrobin', 'balancer_leastbytes', 'balancer_hash', 'balancer_crc32', 'balancer_murmur2'])

export function parseWriterConfig(value: unknown): WriterSettings {
  const what = 'writer config'
  const raw = asObject(value, what)
  const cluster = parseCluster(raw, what)
  const acks = intField(raw, 'requiredAcks', what, 0)
  if (acks !== -1 && acks !== 0 && acks !== 1) {
    throw new KafkaError(`Invalid ${what}: requiredAcks must be -1 (all), 0 (none) or 1 (leader), got ${acks}`)
  }
  const compression = str(raw.compression)
  if (raw.compression !== undefined && compression !== '' && !COMPRESSIONS.has(compression)) {
    throw new KafkaError(`Invalid ${what}: compression must be one of the CODEC_* constants, got ${JSON.stringify(compression)}`)
  }
  let balancer: string | undefined
  if (typeof raw.balancer === 'function') {
    throw new KafkaError('Writer balancer configuration is not supported on the Confluent compatibility path: custom balancer functions need xk6-kafka v1')
  } else if (raw.balancer !== undefined && raw.balancer !== '') {
    balancer = str(raw.balancer)
    if (!BALANCERS.has(balancer)) {
      throw new KafkaError(`Invalid ${what}: unknown balancer ${JSON.stringify(raw.balancer)}: use one of the BALANCER_* constants`)
    }
  }
  return {
    cluster,
    topic: typeof raw.topic === 'string' ? raw.topic : '',
    autoCreateTopic: raw.autoCreateTopic === true,
    balancer,
    requiredAcks: acks,
    compression: compression ? (compression as WriterSettings['compression']) : undefined,
    batchSize: intField(raw, 'batchSize', what, 0),
    batchTimeoutMs: nanosField(raw, 'batchTimeout', what) ?? 0,
    readTimeoutMs: nanosField(raw, 'readTimeout', what) ?? 0,
    writeTimeoutMs: nanosField(raw, 'writeTimeout', what) ?? 0,
    maxAttempts: intField(raw, 'maxAttempts', what, 0),
  }
}

export const DEFAULT_MAX_WAIT_MS = 5_000

export function parseReaderConfig(value: unknown): ReaderSettings {
  const what = 'reader config'
  const raw = asObject(value, what)
  const cluster = parseCluster(raw, what)
  const groupId = typeof raw.groupId === 'string' && raw.groupId ? raw.groupId : typeof raw.groupID === 'string' && raw.groupID ? raw.groupID : undefined
  const topic = typeof raw.topic === 'string' ? raw.topic : ''
  let groupTopics: string[] = []
  if (raw.groupTopics !== undefined && raw.groupTopics !== null) {
    if (!Array.isArray(raw.groupTopics) || raw.groupTopics.some((t) => typeof t !== 'string')) {
      throw new KafkaError(`Invalid ${what}: groupTopics must be an array of topic names`)
    }
    groupTopics = raw.groupTopics as string[]
  }
  if (groupId !== undefined) {
    if (groupTopics.length === 0 && topic) groupTopics = [topic]
    if (groupTopics.length === 0) throw new KafkaError(`Invalid ${what}: group topics must not be empty: set groupTopics: ["<topic>"] with groupId`)
  } else if (!topic) {
    throw new KafkaError(`Invalid ${what}: topic must not be empty (or set groupId and groupTopics to consume as a group)`)
  }
  const partition = intField(raw, 'partition', what, 0)
  if (partition < 0) throw new KafkaError(`Invalid ${what}: partition must be >= 0, got ${partition}`)
  let maxWaitMs = DEFAULT_MAX_WAIT_MS
  if (raw.maxWait !== undefined && raw.maxWait !== null) {
    if (typeof raw.maxWait !== 'string') {
      throw new KafkaError(`Invalid ${what}: maxWait is a Go duration string such as "5s" or "500ms", got ${JSON.stringify(raw.maxWait)}`)
    }
    const ms = parseGoDurationMs(raw.maxWait)
    if (ms > 0) maxWaitMs = ms
  }
  const isolation = raw.isolationLevel
  if (isolation !== undefined && isolation !== '' && isolation !== ISOLATION_LEVEL_READ_COMMITTED && isolation !== ISOLATION_LEVEL_READ_UNCOMMITTED) {
    throw new KafkaError(`Invalid ${what}: isolationLevel must be one of the ISOLATION_LEVEL_* constants, got ${JSON.stringify(isolation)}`)
  }
  return {
    cluster,
    topic: groupTopics.length === 1 && groupId ? (groupTopics[0] as string) : topic,
    partition,
    groupId,
    groupTopics,
    start: parseStart(raw, what),
    minBytes: intField(raw, 'minBytes', what, 1) || 1,
    maxBytes: intField(raw, 'maxBytes', what, 0) || 1_048_576,
    maxWaitMs,
    sessionTimeoutMs: nanosField(raw, 'sessionTimeout', what),
    heartbeatIntervalMs: nanosField(raw, 'heartbeatInterval', what),
    rebalanceTimeoutMs: nanosField(raw, 'rebalanceTimeout', what),
    isolationLevel: isolation === ISOLATION_LEVEL_READ_UNCOMMITTED ? 0 : 1,
  }
}

// xk6-kafka v2: an explicit `offset` > 0 wins; otherwise startOffset (first by default), which
// may also be a number in a string.
function parseStart(raw: Raw, what: string): StartOffset {
  const offset = raw.offset
  if (typeof offset === 'number' && offset > 0) return { kind: 'at', offset: BigInt(Math.trunc(offset)) }
  const start = raw.startOffset
  if (start === undefined || start === null || start === '' || start === START_OFFSETS_FIRST_OFFSET) return { kind: 'first' }
  if (start === START_OFFSETS_LAST_OFFSET) return { kind: 'last' }
  if (typeof start === 'string' && /^-?\d+$/.test(start)) return { kind: 'at', offset: BigInt(start) }
  throw new KafkaError(`Invalid ${what}: startOffset must be START_OFFSETS_FIRST_OFFSET, START_OFFSETS_LAST_OFFSET or a number in a string, got ${JSON.stringify(start)}`)
}
