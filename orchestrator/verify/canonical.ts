// Canonical JSON of a payload (keys sorted, numbers as JSON prints them, dates as ISO text,
// BSON wrappers unwrapped), and its hash: equal payloads hash equal whichever store they came
// from, whatever key order or numeric representation the store used.
import { createHash } from 'node:crypto'

interface BsonLike {
  _bsontype: string
  toString(): string
  toHexString?(): string
  buffer?: Uint8Array
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(Object.is(value, -0) ? 0 : value) : 'null'
    case 'bigint':
      return value.toString()
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      return 'null'
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  const bson = (value as Partial<BsonLike>)._bsontype
  if (bson) {
    const b = value as BsonLike
    if (bson === 'ObjectId') return JSON.stringify(b.toHexString!())
    if (bson === 'Binary') return JSON.stringify(Buffer.from(b.buffer ?? []).toString('base64'))
    // Long, Int32, Double, Decimal128: their numeric value
    return canonicalJson(Number(b.toString()))
  }
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/** 128-bit hex digest of the canonical JSON. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32)
}
