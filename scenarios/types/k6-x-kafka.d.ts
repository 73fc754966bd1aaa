// Types for xk6-kafka v2 (module `k6/x/kafka`, Go module github.com/mostafa/xk6-kafka/v2, v2.1.0),
// written from the extension's published v2 API (see
// ../../../shared/reference/k6-extensions-and-operator.md §2). Producer/Consumer/AdminClient are the
// v2 names; Writer/Reader/Connection remain as deprecated aliases on the same runtime.
//
// The await rule: calls that talk to a broker or a registry are declared as promises (in k6 they
// are synchronous; `await` on their plain value is harmless). Local work (constructors, stats,
// serdes without a registry) stays synchronous, as in the extension.

declare module 'k6/x/kafka' {
  export type Bytes = Uint8Array | ArrayBuffer | number[]

  export interface SASLConfig {
    username?: string
    password?: string
    algorithm?: string
    awsProfile?: string
    scope?: string
    kerberosConfig?: {
      serviceName?: string
      principal?: string
      kInitCmd?: string
      keyTab?: string
      minTimeBeforeRelogin?: number
    }
  }

  export interface TLSConfig {
    enableTls?: boolean
    insecureSkipTlsVerify?: boolean
    minVersion?: string
    clientCertPem?: string
    clientKeyPem?: string
    serverCaPem?: string
  }

  /** Durations given as numbers are Go nanoseconds (use the SECOND/MILLISECOND constants). */
  export interface WriterConfig {
    brokers: string[]
    /** Leave empty to give each message its own `topic`. */
    topic?: string
    autoCreateTopic?: boolean
    /** A BALANCER_* constant (custom JS balancers are not supported on the v2 runtime). */
    balancer?: string
    maxAttempts?: number
    batchSize?: number
    batchBytes?: number
    batchTimeout?: number
    readTimeout?: number
    /** 0 = fire and forget; otherwise `produce` waits for delivery reports. */
    requiredAcks?: number
    writeTimeout?: number
    compression?: string
    sasl?: SASLConfig
    tls?: TLSConfig
    connectLogger?: boolean
  }

  /** A message to produce. Key and value are strings or bytes (e.g. from SchemaRegistry.serialize). */
  export interface OutgoingMessage {
    key?: string | Bytes
    value: string | Bytes | null
    headers?: Record<string, string | Bytes>
    /** Record timestamp; set by the client when absent. */
    time?: Date | number
    /** Per-message topic, for a producer created without one. */
    topic?: string
    /** Ignored on write: the balancer (by key) decides. */
    partition?: number
  }

  export interface ProduceConfig {
    messages: OutgoingMessage[]
  }

  /** A consumed message: key, value and header values are bytes. */
  export interface Message {
    topic: string
    partition: number
    offset: number
    highWaterMark: number
    /** RFC3339 (nanoseconds with `nanoPrecision: true`). */
    time: string
    headers: Record<string, Uint8Array>
    key?: Uint8Array
    value?: Uint8Array
  }

  export interface ReaderConfig {
    brokers: string[]
    topic?: string
    /** Set with `groupTopics` (and no `partition`) to consume as a group member. */
    groupId?: string
    /** @deprecated use groupId */
    groupID?: string
    groupTopics?: string[]
    partition?: number
    startOffset?: string
    offset?: number
    minBytes?: number
    maxBytes?: number
    /** Go duration string, e.g. "5s". */
    maxWait?: string
    sessionTimeout?: number
    rebalanceTimeout?: number
    heartbeatInterval?: number
    commitInterval?: number
    groupBalancers?: string[]
    isolationLevel?: string
    queueCapacity?: number
    readBatchTimeout?: number
    readLagInterval?: number
    partitionWatchInterval?: number
    watchPartitionChanges?: boolean
    joinGroupBackoff?: number
    retentionTime?: number
    readBackoffMin?: number
    readBackoffMax?: number
    maxAttempts?: number
    connectLogger?: boolean
    sasl?: SASLConfig
    tls?: TLSConfig
  }

  export interface ConsumeConfig {
    /** Messages to collect before returning (v2 name). */
    maxMessages?: number
    /** Older name of maxMessages. */
    limit?: number
    /** Return what was collected when `maxWait` passes instead of waiting for more. */
    expectTimeout?: boolean
    nanoPrecision?: boolean
  }

  export interface ConnectionConfig {
    /** AdminClient: the brokers. */
    brokers?: string[]
    /** Connection (deprecated): one broker address. */
    address?: string
    sasl?: SASLConfig
    tls?: TLSConfig
  }

  export interface TopicConfig {
    topic: string
    numPartitions?: number
    replicationFactor?: number
    replicaAssignments?: { partition: number; replicas: number[] }[]
    configEntries?: { configName: string; configValue: string }[]
  }

  export interface TopicInfo {
    topic: string
    partitions: number
    error: unknown
  }

  export interface TopicMetadata {
    topic: string
    partitions: { id: number; leader: number; replicas: number[]; isrs: number[]; error: unknown }[]
    error: unknown
  }

  export class Producer {
    constructor(config: WriterConfig)
    produce(config: ProduceConfig): Promise<void>
    flush(): Promise<void>
    stats(): { pending: number }
    close(): Promise<void>
  }

  /** @deprecated v1 name of Producer, kept as an alias in v2. */
  export class Writer {
    constructor(config: WriterConfig)
    produce(config: ProduceConfig): Promise<void>
    close(): Promise<void>
  }

  export class Consumer {
    constructor(config: ReaderConfig)
    consume(config: ConsumeConfig): Promise<Message[]>
    seek(partition: number, offset: number): Promise<void>
    position(partition: number): number
    commitOffsets(): Promise<void>
    stats(): { assignments: number }
    close(): Promise<void>
  }

  /** @deprecated v1 name of Consumer, kept as an alias in v2. */
  export class Reader {
    constructor(config: ReaderConfig)
    consume(config: ConsumeConfig): Promise<Message[]>
    close(): Promise<void>
  }

  export class AdminClient {
    constructor(config: ConnectionConfig)
    createTopic(config: TopicConfig): Promise<void>
    deleteTopic(topic: string): Promise<void>
    listTopics(): Promise<TopicInfo[]>
    getMetadata(topic: string): Promise<TopicMetadata>
    close(): Promise<void>
  }

  /** @deprecated v1 name of AdminClient; its listTopics returns names. */
  export class Connection {
    constructor(config: ConnectionConfig)
    createTopic(config: TopicConfig): Promise<void>
    deleteTopic(topic: string): Promise<void>
    listTopics(): Promise<string[]>
    close(): Promise<void>
  }

  export interface Schema {
    id?: number
    schema?: string
    schemaType?: string
    version?: number
    subject?: string
    references?: { name: string; subject: string; version: number }[]
    enableCaching?: boolean
    messageName?: string
    dependencies?: Record<string, string>
  }

  export interface Container {
    data: unknown
    schemaType: string
    schema?: Schema
    protobufFormat?: 'object' | 'bytes'
  }

  export class SchemaRegistry {
    /** Without a url it only does local serdes (STRING, BYTES, JSON). */
    constructor(config?: {
      url?: string
      basicAuth?: { username: string; password: string }
      tls?: TLSConfig
      enableCaching?: boolean
    })
    serialize(container: Container): Uint8Array
    deserialize(container: Container): unknown
    getSchema(schema: Schema): Promise<Schema>
    createSchema(schema: Schema): Promise<Schema>
    getSubjectName(config: {
      schema: string
      topic: string
      element: string
      subjectNameStrategy: string
      messageName?: string
    }): string
  }

  export function LoadJKS(config: {
    path: string
    password: string
    clientCertAlias?: string
    clientKeyAlias?: string
    clientKeyPassword?: string
    serverCaAlias?: string
  }): { clientCertsPem: string[]; clientKeyPem: string; serverCaPem: string }

  export const SCHEMA_TYPE_STRING: 'STRING'
  export const SCHEMA_TYPE_BYTES: 'BYTES'
  export const SCHEMA_TYPE_AVRO: 'AVRO'
  export const SCHEMA_TYPE_JSON: 'JSON'
  export const SCHEMA_TYPE_PROTOBUF: 'PROTOBUF'
  export const CODEC_GZIP: 'gzip'
  export const CODEC_SNAPPY: 'snappy'
  export const CODEC_LZ4: 'lz4'
  export const CODEC_ZSTD: 'zstd'
  export const NONE: 'none'
  export const SASL_PLAIN: 'sasl_plain'
  export const SASL_SCRAM_SHA256: 'sasl_scram_sha256'
  export const SASL_SCRAM_SHA512: 'sasl_scram_sha512'
  export const SASL_SSL: 'sasl_ssl'
  export const SASL_AWS_IAM: 'sasl_aws_iam'
  export const SASL_GSSAPI: 'sasl_gssapi'
  export const SASL_AZURE_ENTRA: 'sasl_azure_entra'
  export const SASL_GCP_OAUTH: 'sasl_gcp_oauth'
  export const TLS_1_0: 'tls1.0'
  export const TLS_1_1: 'tls1.1'
  export const TLS_1_2: 'tls1.2'
  export const TLS_1_3: 'tls1.3'
  export const FIRST_OFFSET: 'start_offsets_first_offset'
  export const LAST_OFFSET: 'start_offsets_last_offset'
  export const START_OFFSETS_FIRST_OFFSET: 'start_offsets_first_offset'
  export const START_OFFSETS_LAST_OFFSET: 'start_offsets_last_offset'
  export const BALANCER_ROUND_ROBIN: 'balancer_roundrobin'
  export const BALANCER_LEAST_BYTES: 'balancer_leastbytes'
  export const BALANCER_HASH: 'balancer_hash'
  export const BALANCER_CRC32: 'balancer_crc32'
  export const BALANCER_MURMUR2: 'balancer_murmur2'
  export const GROUP_BALANCER_RANGE: 'group_balancer_range'
  export const GROUP_BALANCER_ROUND_ROBIN: 'group_balancer_round_robin'
  export const GROUP_BALANCER_RACK_AFFINITY: 'group_balancer_rack_affinity'
  export const ISOLATION_LEVEL_READ_UNCOMMITTED: 'isolation_level_read_uncommitted'
  export const ISOLATION_LEVEL_READ_COMMITTED: 'isolation_level_read_committed'
  export const TOPIC_NAME_STRATEGY: 'TopicNameStrategy'
  export const RECORD_NAME_STRATEGY: 'RecordNameStrategy'
  export const TOPIC_RECORD_NAME_STRATEGY: 'TopicRecordNameStrategy'
  export const KEY: 'key'
  export const VALUE: 'value'
  export const NANOSECOND: number
  export const MICROSECOND: number
  export const MILLISECOND: number
  export const SECOND: number
  export const MINUTE: number
  export const HOUR: number
}
