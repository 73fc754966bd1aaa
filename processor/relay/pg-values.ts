// Turns the raw text pgoutput delivers into JSON-friendly values by column type, so the
// event that reaches Kafka carries real numbers, objects and timestamps rather than strings.
import { parsePgTimestamp, type PgTimestamp } from './pg-timestamp.ts'

// Built-in type OIDs (pg_type.oid), stable across Postgres versions.
const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  json: 114,
  float4: 700,
  float8: 701,
  timestamp: 1114,
  timestamptz: 1184,
  jsonb: 3802,
} as const

export type PgValue = null | boolean | number | string | PgTimestamp | { json: unknown }

export interface ColumnInfo {
  readonly name: string
  readonly typeOid: number
}

export function decodePgText(text: string | null, typeOid: number, column: string): PgValue {
  if (text === null) return null
  switch (typeOid) {
    case OID.bool:
      return text === 't'
    case OID.int2:
    case OID.int4:
      return Number(text)
    case OID.int8: {
      // bigint beyond 2^53 would be silently rounded as a number; keep those as text.
      const n = Number(text)
      return Number.isSafeInteger(n) ? n : text
    }
    case OID.float4:
    case OID.float8: {
      const n = Number(text)
      return Number.isFinite(n) ? n : text // NaN/Infinity have no JSON form
    }
    case OID.json:
    case OID.jsonb:
      try {
        return { json: JSON.parse(text) as unknown }
      } catch (error) {
        throw new Error(`column "${column}": Postgres sent invalid JSON (${(error as Error).message})`, { cause: error })
      }
    case OID.timestamp:
    case OID.timestamptz:
      return parsePgTimestamp(text)
    default:
      return text // uuid, text, varchar, numeric (kept exact), anything else
  }
}

export function isPgTimestamp(value: PgValue): value is PgTimestamp {
  return typeof value === 'object' && value !== null && 'text' in value && 'epochMicros' in value
}
