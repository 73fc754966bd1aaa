// Unit tests for k6/x/kafka's local pieces: constants, config rules, SchemaRegistry serdes and
// the consumed-message time format. Expected values are xk6-kafka v2's (api-docs/v2 index.d.ts,
// pkg/kafka module.go, serdes.go, schema_registry.go) and Confluent's wire format.
import { describe, expect, it } from 'vitest'
import { KAFKA_CONSTANTS } from '../../engine/modules/kafka/constants.ts'
import { parseReaderConfig, parseWriterConfig } from '../../engine/modules/kafka/config.ts'
import { formatRfc3339 } from '../../engine/modules/kafka/messages.ts'
import { partitionerFor } from '../../engine/modules/kafka/partitioners.ts'
import { SchemaRegistry, deserialize, getSubjectName, serialize } from '../../engine/modules/kafka/schema-registry.ts'

describe('constants', () => {
  it('have xk6-kafka v2 values', () => {
    expect(KAFKA_CONSTANTS).toMatchObject({
      SCHEMA_TYPE_STRING: 'STRING',
      SCHEMA_TYPE_BYTES: 'BYTES',
      SCHEMA_TYPE_JSON: 'JSON',
      SCHEMA_TYPE_AVRO: 'AVRO',
      SCHEMA_TYPE_PROTOBUF: 'PROTOBUF',
      CODEC_ZSTD: 'zstd',
      SASL_SCRAM_SHA512: 'sasl_scram_sha512',
      BALANCER_MURMUR2: 'balancer_murmur2',
      GROUP_BALANCER_RACK_AFFINITY: 'group_balancer_rack_affinity',
      ISOLATION_LEVEL_READ_COMMITTED: 'isolation_level_read_committed',
      START_OFFSETS_FIRST_OFFSET: 'start_offsets_first_offset',
      LAST_OFFSET: 'start_offsets_last_offset',
      TOPIC_RECORD_NAME_STRATEGY: 'TopicRecordNameStrategy',
      KEY: 'key',
      VALUE: 'value',
      TLS_1_2: 'tls1.2',
      NANOSECOND: 1,
      MILLISECOND: 1e6,
      SECOND: 1e9,
      HOUR: 3.6e12,
    })
  })
})

describe('writer and reader config', () => {
  const brokers = ['localhost:9092']

  it('reads durations as Go nanoseconds and requiredAcks as -1/0/1', () => {
    const w = parseWriterConfig({ brokers, topic: 't', writeTimeout: 2 * 1e9, requiredAcks: -1, compression: 'gzip' })
    expect(w).toMatchObject({ topic: 't', writeTimeoutMs: 2000, requiredAcks: -1, compression: 'gzip' })
    expect(parseWriterConfig({ brokers }).requiredAcks).toBe(0) // Go's zero value: fire and forget
    expect(() => parseWriterConfig({ brokers, requiredAcks: 2 })).toThrow(/requiredAcks must be -1/)
    expect(() => parseWriterConfig({ brokers, writeTimeout: '2s' })).toThrow(/nanoseconds.*10 \* SECOND/)
    expect(() => parseWriterConfig({ brokers, balancer: () => 0 })).toThrow(/not supported/)
  })

  it('needs brokers, a topic or a group, and maxWait as a Go duration string', () => {
    expect(() => parseReaderConfig({ topic: 't' })).toThrow(/brokers must be a non-empty array/)
    expect(() => parseReaderConfig({ brokers })).toThrow(/topic must not be empty/)
    expect(() => parseReaderConfig({ brokers, groupId: 'g' })).toThrow(/groupTopics/)
    expect(() => parseReaderConfig({ brokers, topic: 't', maxWait: 5e9 })).toThrow(/maxWait is a Go duration string/)
    expect(parseReaderConfig({ brokers, topic: 't' }).maxWaitMs).toBe(5000)
    expect(parseReaderConfig({ brokers, topic: 't', maxWait: '250ms' }).maxWaitMs).toBe(250)
  })

  it('resolves the start offset the v2 way (explicit offset > startOffset > first)', () => {
    expect(parseReaderConfig({ brokers, topic: 't' }).start).toEqual({ kind: 'first' })
    expect(parseReaderConfig({ brokers, topic: 't', startOffset: 'start_offsets_last_offset' }).start).toEqual({ kind: 'last' })
    expect(parseReaderConfig({ brokers, topic: 't', startOffset: '42' }).start).toEqual({ kind: 'at', offset: 42n })
    expect(parseReaderConfig({ brokers, topic: 't', offset: 7, startOffset: 'start_offsets_last_offset' }).start).toEqual({ kind: 'at', offset: 7n })
  })

  it('maps SASL and TLS, and refuses mechanisms the node engine lacks by name', () => {
    const r = parseReaderConfig({ brokers, topic: 't', sasl: { algorithm: 'sasl_scram_sha256', username: 'u', password: 'p' }, tls: { enableTls: true, minVersion: 'tls1.2' } })
    expect(r.cluster.security.sasl).toEqual({ mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p' })
    expect(r.cluster.security.tls).toMatchObject({ rejectUnauthorized: true, minVersion: 'TLSv1.2' })
    expect(() => parseWriterConfig({ brokers, sasl: { algorithm: 'sasl_ssl' } })).toThrow(/enable TLS to use SASL_SSL/)
    expect(() => parseWriterConfig({ brokers, sasl: { algorithm: 'sasl_aws_iam' } })).toThrow(/not supported by the node engine/)
  })
})

describe('SchemaRegistry serdes', () => {
  it('STRING and BYTES round-trip', () => {
    const s = serialize({ data: 'héllo', schemaType: 'STRING' })
    expect([...s]).toEqual([...Buffer.from('héllo')])
    expect(deserialize({ data: s, schemaType: 'STRING' })).toBe('héllo')
    const b = serialize({ data: [1, 2, 3], schemaType: 'BYTES' })
    expect([...(deserialize({ data: b, schemaType: 'BYTES' }) as Uint8Array)]).toEqual([1, 2, 3])
  })

  it('JSON takes an object, and bytes that are not a JSON object come back as bytes', () => {
    const j = serialize({ data: { a: 1, b: [true] }, schemaType: 'JSON' })
    expect(deserialize({ data: j, schemaType: 'JSON' })).toEqual({ a: 1, b: [true] })
    expect(() => serialize({ data: 'text', schemaType: 'JSON' })).toThrow(/Invalid data type.*SCHEMA_TYPE_STRING/)
    expect(deserialize({ data: serialize({ data: 'not json', schemaType: 'STRING' }), schemaType: 'JSON' })).toBeInstanceOf(Uint8Array)
  })

  it('JSON with a schema validates and uses the Confluent wire format (0x00 + uint32 id)', () => {
    const schema = { id: 258, schema: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] }) }
    const bytes = serialize({ data: { n: 5 }, schemaType: 'JSON', schema })
    expect([...bytes.slice(0, 5)]).toEqual([0, 0, 0, 1, 2])
    expect(JSON.parse(Buffer.from(bytes.slice(5)).toString())).toEqual({ n: 5 })
    expect(deserialize({ data: bytes, schemaType: 'JSON', schema })).toEqual({ n: 5 })
    expect(() => serialize({ data: { n: 'five' }, schemaType: 'JSON', schema })).toThrow(/Failed to validate JSON against schema.*integer/)
    expect(() => deserialize({ data: new Uint8Array([1, 0, 0, 0, 1, 123, 125]), schemaType: 'JSON', schema })).toThrow(/invalid start byte/)
  })

  it('AVRO and PROTOBUF fail clearly; registry calls need a URL', () => {
    expect(() => serialize({ data: {}, schemaType: 'AVRO' })).toThrow(/not supported by the node engine/)
    expect(() => deserialize({ data: new Uint8Array(), schemaType: 'PROTOBUF' })).toThrow(/not supported by the node engine/)
    expect(() => new SchemaRegistry({})).toThrow(/url must not be empty/)
    expect(() => new SchemaRegistry().getSchema({ subject: 's' })).toThrow(/no schema registry client/)
  })

  it('names subjects by strategy', () => {
    const schema = JSON.stringify({ type: 'record', namespace: 'com.shop', name: 'Order', fields: [] })
    expect(getSubjectName({ schema, topic: 'orders', element: 'value', subjectNameStrategy: 'TopicNameStrategy' })).toBe('orders-value')
    expect(getSubjectName({ schema, topic: 'orders', element: 'value', subjectNameStrategy: 'RecordNameStrategy' })).toBe('com.shop.Order')
    expect(getSubjectName({ schema, topic: 'orders', element: 'key', subjectNameStrategy: 'TopicRecordNameStrategy' })).toBe('orders-com.shop.Order')
  })
})

describe('message time and partitioning', () => {
  it('formats RFC3339 like Go (second precision; RFC3339Nano drops trailing zeros)', () => {
    const prev = process.env.TZ
    process.env.TZ = 'UTC'
    try {
      const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 120)
      expect(formatRfc3339(ms, false)).toBe('2024-01-02T03:04:05Z')
      expect(formatRfc3339(ms, true)).toBe('2024-01-02T03:04:05.12Z')
      expect(formatRfc3339(Date.UTC(2024, 0, 2), true)).toBe('2024-01-02T00:00:00Z')
    } finally {
      process.env.TZ = prev
    }
  })

  it('sends equal keys to equal partitions by default (librdkafka consistent_random = CRC32)', () => {
    const p = partitionerFor(undefined)
    const msg = { topic: 't' }
    const key = Buffer.from('aggregate-42')
    expect(p(msg, key, { metadata: undefined })).toBe(p(msg, Buffer.from('aggregate-42'), { metadata: undefined }))
    // zlib's CRC-32 of "123456789" is the standard check value 0xCBF43926.
    expect(p(msg, Buffer.from('123456789'), { metadata: undefined })).toBe(0xcbf43926)
  })
})
