// Row values and query parameters shaped like lib/pq's, because a script written against real
// k6 reads what lib/pq decodes (its `textDecode`): text/varchar/"char" -> string, int2/4/8 ->
// number, float4/8 -> number, bool -> boolean, timestamp[tz]/date/time[tz] -> a time value,
// bytea -> bytes, and EVERYTHING ELSE (uuid, numeric, json/jsonb, bpchar, name, enums,
// arrays...) -> the raw text bytes. We return those bytes as a plain Uint8Array (not a Buffer,
// whose toString() would decode them and let a script pass here that fails in k6).
import type { CustomTypesConfig } from 'pg'
import pg from 'pg'

const OID = {
  bool: 16,
  bytea: 17,
  char: 18, // the internal one-byte "char", not bpchar
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  float4: 700,
  float8: 701,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  timetz: 1266,
} as const

type Parser = (value: string) => unknown

const rawBytes: Parser = (s) => new Uint8Array(Buffer.from(s, 'utf8'))
const pgByteaParser = pg.types.getTypeParser(OID.bytea, 'text') as (s: string) => Buffer

const PARSERS = new Map<number, Parser>([
  [OID.text, (s) => s],
  [OID.varchar, (s) => s],
  [OID.char, (s) => s],
  [OID.bool, (s) => s[0] === 't'],
  // int64 -> JS number: lossy above 2^53, exactly as k6's conversion of Go's int64.
  [OID.int2, Number],
  [OID.int4, Number],
  [OID.int8, Number],
  // lib/pq parses float4 at 32-bit precision; fround gives the same float64 widening.
  [OID.float4, (s) => Math.fround(Number.parseFloat(s))],
  [OID.float8, parseFloatText],
  [OID.bytea, (s) => new Uint8Array(pgByteaParser(s))],
  // lib/pq: timestamptz in the session zone, timestamp/date read as UTC (no zone in the text).
  [OID.timestamptz, parseTimestamp],
  [OID.timestamp, (s) => parseTimestamp(s, true)],
  [OID.date, (s) => parseTimestamp(s, true)],
  // time/timetz become a time on Go's zero date (0000-01-01), as lib/pq's time.Parse does.
  [OID.time, (s) => new Date(`0000-01-01T${s}Z`)],
  [OID.timetz, (s) => new Date(`0000-01-01T${normaliseOffset(s)}`)],
])

/** A node-postgres `types` object that decodes every column the lib/pq way. */
export const libpqTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number) => PARSERS.get(oid) ?? rawBytes) as CustomTypesConfig['getTypeParser'],
}

function parseFloatText(s: string): number {
  return Number.parseFloat(s)
}

function parseTimestamp(s: string, utc = false): Date {
  if (s === 'infinity' || s === '-infinity') return new Date(Number.NaN)
  const bc = s.endsWith(' BC')
  let text = bc ? s.slice(0, -3) : s
  text = text.replace(' ', 'T')
  if (utc) text += 'Z'
  else text = normaliseOffset(text)
  const d = new Date(text)
  if (bc) d.setUTCFullYear(1 - d.getUTCFullYear())
  return d
}

// Postgres prints offsets as "+02", "+05:30" or "+05:30:15"; JS Date wants "+02:00".
function normaliseOffset(text: string): string {
  return text.replace(/([+-]\d{2})(?::?(\d{2}))?(?::\d{2})?$/, (_m, h: string, mm?: string) => `${h}:${mm ?? '00'}`)
}

/**
 * Converts one script argument for `$n` the way database/sql + lib/pq accept it, and rejects
 * what they reject (arrays, plain objects) with the fix, so a script that runs here runs in k6.
 */
export function toParam(value: unknown, index: number): unknown {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value
    case 'bigint':
      return value.toString()
    case 'object':
      break
    default:
      throw new TypeError(`sql: converting argument $${index} type: unsupported type ${typeof value}`)
  }
  if (value instanceof Date) return value
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (Array.isArray(value)) {
    throw new TypeError(
      `sql: converting argument $${index} type: unsupported type []interface {}, a slice of interface ` +
        `(xk6-sql cannot pass JS arrays): pass a Postgres array literal string and cast it, e.g. ` +
        `db.query("... WHERE id = ANY($${index}::int[])", "{1,2,3}")`,
    )
  }
  throw new TypeError(
    `sql: converting argument $${index} type: unsupported type map[string]interface {} ` +
      `(xk6-sql cannot pass JS objects): pass JSON.stringify(value) and cast it, e.g. $${index}::jsonb`,
  )
}
