// xk6-kafka's SchemaRegistry: local serdes for STRING, BYTES and JSON (optionally validated
// against a JSON Schema and framed in Confluent's wire format: 0x00 + 4-byte schema id + JSON),
// with the extension's rules (JSON data must be an object; deserializing without a schema
// returns bytes when they are not JSON). AVRO, PROTOBUF and the registry's HTTP calls are not
// available in the node engine and fail with a message saying so.
import { Ajv, type ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { fromScriptBytes, toScriptBytes } from './bytes.ts'
import {
  RECORD_NAME_STRATEGY,
  SCHEMA_TYPE_AVRO,
  SCHEMA_TYPE_BYTES,
  SCHEMA_TYPE_JSON,
  SCHEMA_TYPE_PROTOBUF,
  SCHEMA_TYPE_STRING,
  TOPIC_NAME_STRATEGY,
  TOPIC_RECORD_NAME_STRATEGY,
} from './constants.ts'
import { asObject, str } from './config.ts'
import { KafkaError } from './errors.ts'

const INVALID_DATA_TYPE = 'Invalid data type provided for serializer/deserializer'
const MAGIC_PREFIX_SIZE = 5

interface SchemaLike {
  id: number
  schema: string
}

const validators = new Map<string, ValidateFunction>()
const ajv = new Ajv({ strict: false, allErrors: true })
const ajv2020 = new Ajv2020({ strict: false, allErrors: true })

function validatorFor(schema: string): ValidateFunction {
  let validate = validators.get(schema)
  if (!validate) {
    let parsed: unknown
    try {
      parsed = JSON.parse(schema)
    } catch (err) {
      throw new KafkaError('Invalid schema: the JSON Schema is not valid JSON', err)
    }
    const dialect = (parsed as { $schema?: unknown } | null)?.$schema
    const compiler = typeof dialect === 'string' && dialect.includes('2020-12') ? ajv2020 : ajv
    try {
      validate = compiler.compile(parsed as object)
    } catch (err) {
      throw new KafkaError('Invalid schema: cannot compile the JSON Schema', err)
    }
    validators.set(schema, validate)
  }
  return validate
}

function validateJson(schema: SchemaLike, data: unknown, message: string): void {
  const validate = validatorFor(schema.schema)
  if (!validate(data)) {
    const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ')
    throw new KafkaError(message, new Error(why))
  }
}

function unsupportedType(schemaType: string): KafkaError {
  return new KafkaError(
    `Schema type ${schemaType} is not supported by the node engine (STRING, BYTES and JSON are): run this script with a k6 binary built with xk6-kafka`,
  )
}

function readSchema(raw: unknown): SchemaLike | undefined {
  if (raw === undefined || raw === null) return undefined
  const obj = asObject(raw, 'schema')
  const id = typeof obj.id === 'number' ? obj.id : 0
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw new KafkaError(`Invalid schema id ${String(obj.id)}: must be within uint32 range`)
  }
  return { id, schema: typeof obj.schema === 'string' ? obj.schema : '' }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)
}

export function serialize(container: unknown): Uint8Array {
  const c = asObject(container, 'serialize metadata')
  const schemaType = str(c.schemaType)
  const schema = readSchema(c.schema)
  if (schemaType === SCHEMA_TYPE_AVRO || schemaType === SCHEMA_TYPE_PROTOBUF) throw unsupportedType(schemaType)
  if (!schema) {
    switch (schemaType) {
      case SCHEMA_TYPE_STRING:
        if (typeof c.data !== 'string') throw new KafkaError(`${INVALID_DATA_TYPE}: SCHEMA_TYPE_STRING needs a string`)
        return toScriptBytes(Buffer.from(c.data, 'utf8'))
      case SCHEMA_TYPE_BYTES:
        if (typeof c.data === 'string' || !(Array.isArray(c.data) || ArrayBuffer.isView(c.data) || c.data instanceof ArrayBuffer)) {
          throw new KafkaError(`${INVALID_DATA_TYPE}: SCHEMA_TYPE_BYTES needs bytes (Uint8Array, ArrayBuffer or number[])`)
        }
        return toScriptBytes(fromScriptBytes(c.data, 'serialize'))
      case SCHEMA_TYPE_JSON:
        if (!isPlainObject(c.data)) {
          throw new KafkaError(`${INVALID_DATA_TYPE}: SCHEMA_TYPE_JSON needs an object (use SCHEMA_TYPE_STRING for a plain string)`)
        }
        return toScriptBytes(Buffer.from(JSON.stringify(c.data), 'utf8'))
      default:
        throw new KafkaError(`Unknown schemaType ${JSON.stringify(schemaType)}: use one of the SCHEMA_TYPE_* constants`)
    }
  }
  if (schemaType !== SCHEMA_TYPE_JSON) throw new KafkaError(`Operation not supported: a schema can only be used with SCHEMA_TYPE_JSON here`)
  if (!isPlainObject(c.data)) throw new KafkaError(`${INVALID_DATA_TYPE}: SCHEMA_TYPE_JSON needs an object`)
  validateJson(schema, c.data, 'Failed to validate JSON against schema')
  const body = Buffer.from(JSON.stringify(c.data), 'utf8')
  const prefix = Buffer.alloc(MAGIC_PREFIX_SIZE)
  prefix.writeUInt32BE(schema.id, 1)
  return toScriptBytes(Buffer.concat([prefix, body]))
}

export function deserialize(container: unknown): unknown {
  const c = asObject(container, 'deserialize metadata')
  const schemaType = str(c.schemaType)
  const schema = readSchema(c.schema)
  if (schemaType === SCHEMA_TYPE_AVRO || schemaType === SCHEMA_TYPE_PROTOBUF) throw unsupportedType(schemaType)
  const bytes = dataBytes(c.data)
  if (!schema) {
    if (bytes === undefined) return c.data
    switch (schemaType) {
      case SCHEMA_TYPE_STRING:
        return bytes.toString('utf8')
      case SCHEMA_TYPE_BYTES:
        return toScriptBytes(bytes)
      case SCHEMA_TYPE_JSON: {
        const parsed = tryJson(bytes)
        return parsed === undefined ? toScriptBytes(bytes) : parsed
      }
      default:
        throw new KafkaError(`Unknown schemaType ${JSON.stringify(schemaType)}: use one of the SCHEMA_TYPE_* constants`)
    }
  }
  if (schemaType !== SCHEMA_TYPE_JSON) throw new KafkaError('Operation not supported: a schema can only be used with SCHEMA_TYPE_JSON here')
  const framed = bytes ?? Buffer.alloc(0)
  if (framed.length < MAGIC_PREFIX_SIZE) throw new KafkaError('Invalid message: message too short to contain schema id.')
  if (framed[0] !== 0) throw new KafkaError('Invalid message: invalid start byte.')
  const payload = framed.subarray(MAGIC_PREFIX_SIZE)
  let parsed: unknown
  try {
    parsed = JSON.parse(payload.toString('utf8'))
  } catch (err) {
    throw new KafkaError('Failed to unmarshal JSON data', err)
  }
  validateJson(schema, parsed, 'Failed to decode data from JSON')
  if (!isPlainObject(parsed)) throw new KafkaError(INVALID_DATA_TYPE)
  return parsed
}

// Deserialize accepts bytes, or a string that xk6-kafka base64-decodes when it looks encoded
// (otherwise the string's bytes come back untouched).
function dataBytes(data: unknown): Buffer | undefined {
  if (typeof data === 'string') {
    return looksBase64(data) ? Buffer.from(data, 'base64') : undefined
  }
  if (Array.isArray(data) || ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return fromScriptBytes(data, 'deserialize')
  return undefined
}

function looksBase64(s: string): boolean {
  return s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s)
}

function tryJson(bytes: Buffer): unknown {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'))
    // xk6-kafka decodes into a map: JSON that is not an object stays bytes.
    return isPlainObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

export function getSubjectName(config: unknown): string {
  const c = asObject(config, 'subject name config')
  const topic = str(c.topic)
  const element = str(c.element)
  const strategy = str(c.subjectNameStrategy)
  if (strategy === '' || strategy === TOPIC_NAME_STRATEGY) return `${topic}-${element}`
  let recordName = typeof c.messageName === 'string' ? c.messageName.trim() : ''
  if (recordName === '') {
    let schema: Record<string, unknown>
    try {
      schema = JSON.parse(str(c.schema)) as Record<string, unknown>
    } catch (err) {
      throw new KafkaError('Failed to unmarshal schema', err)
    }
    if (schema.namespace !== undefined) {
      if (typeof schema.namespace !== 'string') throw new KafkaError('Failed to cast to string')
      recordName = `${schema.namespace}.`
    }
    if (schema.name !== undefined) {
      if (typeof schema.name !== 'string') throw new KafkaError('Failed to cast to string')
      recordName += schema.name
    }
  }
  if (strategy === RECORD_NAME_STRATEGY) return recordName
  if (strategy === TOPIC_RECORD_NAME_STRATEGY) return `${topic}-${recordName}`
  throw new KafkaError(`Unknown subject name strategy: ${strategy}`)
}

/** The SchemaRegistry class as a script sees it. */
export class SchemaRegistry {
  readonly #url: string | undefined

  constructor(config?: unknown) {
    if (config !== undefined) {
      const c = asObject(config, 'schema registry config')
      if (typeof c.url !== 'string' || c.url === '') {
        throw new KafkaError(
          'Invalid schema registry config: url must not be empty (construct it with no argument, new SchemaRegistry(), for local serdes only)',
        )
      }
      this.#url = c.url
    }
  }

  serialize(container: unknown): Uint8Array {
    return serialize(container)
  }

  deserialize(container: unknown): unknown {
    return deserialize(container)
  }

  getSubjectName(config: unknown): string {
    return getSubjectName(config)
  }

  getSchema(_schema: unknown): Promise<never> {
    throw this.#noRegistry('getSchema')
  }

  createSchema(_schema: unknown): Promise<never> {
    throw this.#noRegistry('createSchema')
  }

  #noRegistry(call: string): KafkaError {
    if (this.#url === undefined) return new KafkaError(`${call}: no schema registry client: pass { url } to new SchemaRegistry(...)`)
    return new KafkaError(
      `${call}: Schema Registry HTTP calls are not supported by the node engine: embed the JSON Schema in the script ({ id, schema }) or run with a k6 binary built with xk6-kafka`,
    )
  }
}

