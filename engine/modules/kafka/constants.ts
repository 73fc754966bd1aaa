// xk6-kafka v2's exported constants with the values its Go module defines at run time
// (pkg/kafka module.go). Note TLS_1_x: the runtime values come from k6's netext ("tls1.2"),
// not the "tlsv1.2" printed in xk6-kafka's index.d.ts.

export const SCHEMA_TYPE_STRING = 'STRING'
export const SCHEMA_TYPE_BYTES = 'BYTES'
export const SCHEMA_TYPE_AVRO = 'AVRO'
export const SCHEMA_TYPE_JSON = 'JSON'
export const SCHEMA_TYPE_PROTOBUF = 'PROTOBUF'

export const BALANCER_ROUND_ROBIN = 'balancer_roundrobin'
export const BALANCER_LEAST_BYTES = 'balancer_leastbytes'
export const BALANCER_HASH = 'balancer_hash'
export const BALANCER_CRC32 = 'balancer_crc32'
export const BALANCER_MURMUR2 = 'balancer_murmur2'

export const GROUP_BALANCER_RANGE = 'group_balancer_range'
export const GROUP_BALANCER_ROUND_ROBIN = 'group_balancer_round_robin'
export const GROUP_BALANCER_RACK_AFFINITY = 'group_balancer_rack_affinity'

export const ISOLATION_LEVEL_READ_UNCOMMITTED = 'isolation_level_read_uncommitted'
export const ISOLATION_LEVEL_READ_COMMITTED = 'isolation_level_read_committed'

export const START_OFFSETS_FIRST_OFFSET = 'start_offsets_first_offset'
export const START_OFFSETS_LAST_OFFSET = 'start_offsets_last_offset'

export const SASL = {
  NONE: 'none',
  SASL_PLAIN: 'sasl_plain',
  SASL_SCRAM_SHA256: 'sasl_scram_sha256',
  SASL_SCRAM_SHA512: 'sasl_scram_sha512',
  SASL_SSL: 'sasl_ssl',
  SASL_AWS_IAM: 'sasl_aws_iam',
  SASL_GSSAPI: 'sasl_gssapi',
  SASL_AZURE_ENTRA: 'sasl_azure_entra',
  SASL_GCP_OAUTH: 'sasl_gcp_oauth',
} as const

export const ELEMENT_KEY = 'key'
export const ELEMENT_VALUE = 'value'

export const TOPIC_NAME_STRATEGY = 'TopicNameStrategy'
export const RECORD_NAME_STRATEGY = 'RecordNameStrategy'
export const TOPIC_RECORD_NAME_STRATEGY = 'TopicRecordNameStrategy'

/** Go time.Duration units: durations given as numbers are nanoseconds. */
export const NANOSECOND = 1
export const MICROSECOND = 1_000
export const MILLISECOND = 1_000_000
export const SECOND = 1_000_000_000
export const MINUTE = 60_000_000_000
export const HOUR = 3_600_000_000_000

/** Every constant the module exports, by its JS name. */
export const KAFKA_CONSTANTS: Readonly<Record<string, string | number>> = {
  TLS_1_0: 'tls1.0',
  TLS_1_1: 'tls1.1',
  TLS_1_2: 'tls1.2',
  TLS_1_3: 'tls1.3',
  ...SASL,
  CODEC_GZIP: 'gzip',
  CODEC_SNAPPY: 'snappy',
  CODEC_LZ4: 'lz4',
  CODEC_ZSTD: 'zstd',
  BALANCER_ROUND_ROBIN,
  BALANCER_LEAST_BYTES,
  BALANCER_HASH,
  BALANCER_CRC32,
  BALANCER_MURMUR2,
  GROUP_BALANCER_RANGE,
  GROUP_BALANCER_ROUND_ROBIN,
  GROUP_BALANCER_RACK_AFFINITY,
  ISOLATION_LEVEL_READ_UNCOMMITTED,
  ISOLATION_LEVEL_READ_COMMITTED,
  FIRST_OFFSET: START_OFFSETS_FIRST_OFFSET,
  LAST_OFFSET: START_OFFSETS_LAST_OFFSET,
  START_OFFSETS_FIRST_OFFSET,
  START_OFFSETS_LAST_OFFSET,
  TOPIC_NAME_STRATEGY,
  RECORD_NAME_STRATEGY,
  TOPIC_RECORD_NAME_STRATEGY,
  KEY: ELEMENT_KEY,
  VALUE: ELEMENT_VALUE,
  SCHEMA_TYPE_STRING,
  SCHEMA_TYPE_BYTES,
  SCHEMA_TYPE_AVRO,
  SCHEMA_TYPE_JSON,
  SCHEMA_TYPE_PROTOBUF,
  NANOSECOND,
  MICROSECOND,
  MILLISECOND,
  SECOND,
  MINUTE,
  HOUR,
}
