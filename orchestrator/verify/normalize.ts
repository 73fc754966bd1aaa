// Values as the three stores give them, normalised so they compare: event ids (a UUID is
// lower-cased whether it came as text, a MongoDB Binary or a Debezium string), and timestamps
// (ISO text, epoch numbers in ms/us/ns, Date, BSON dates) as epoch milliseconds.
import type { TimestampFormat } from '../profile/schema.ts'

interface BinaryLike {
  _bsontype: 'Binary'
  sub_type: number
  buffer: Uint8Array
}
interface HexLike {
  _bsontype: 'ObjectId' | 'Long' | 'Decimal128' | 'Int32' | 'Double'
  toString(radix?: number): string
  toHexString?(): string
}

/** An id as a canonical string, or null when there is none. */
export function normalizeId(value: unknown): string | null {
  if (typeof value === 'string') {
    if (value.length !== 36) return value === '' ? null : value
    // cheap shape check first: this runs for every record the tail reads
    if (value.charCodeAt(8) !== 45 || value.charCodeAt(13) !== 45 || value.charCodeAt(18) !== 45 || value.charCodeAt(23) !== 45) return value
    let upper = false
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) continue
      const c = value.charCodeAt(i)
      if (c >= 48 && c <= 57) continue
      if (c >= 97 && c <= 102) continue
      if (c >= 65 && c <= 70) upper = true
      else return value // not hex: not a UUID
    }
    return upper ? value.toLowerCase() : value
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (value && typeof value === 'object') {
    const bson = (value as { _bsontype?: string })._bsontype
    if (bson === 'Binary') {
      const b = value as BinaryLike
      const hex = Buffer.from(b.buffer).toString('hex')
      if ((b.sub_type === 4 || b.sub_type === 3) && hex.length === 32) {
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
      }
      return hex
    }
    if (bson === 'ObjectId') return (value as HexLike).toHexString!()
    if (bson) return (value as HexLike).toString()
  }
  return null
}

/** A timestamp in epoch ms (fractions = sub-millisecond precision), or NaN when absent/unreadable. */
export function toEpochMs(value: unknown, format: TimestampFormat = 'auto'): number {
  if (value === null || value === undefined) return NaN
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'object' && (value as { _bsontype?: string })._bsontype) {
    const s = (value as HexLike).toString()
    return toEpochMs(Number(s), format === 'auto' ? 'epoch-ms' : format)
  }
  if (typeof value === 'bigint') return toEpochMs(Number(value), format)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return NaN
    switch (format) {
      case 'epoch-ms':
        return value
      case 'epoch-us':
        return value / 1e3
      case 'epoch-ns':
        return value / 1e6
      case 'iso':
        return NaN
      default:
        // By magnitude: ms until year ~5138, then us, then ns.
        return Math.abs(value) < 1e14 ? value : Math.abs(value) < 1e17 ? value / 1e3 : value / 1e6
    }
  }
  if (typeof value === 'string') {
    if (format !== 'iso' && format !== 'auto' && /^-?\d+(\.\d+)?$/.test(value)) return toEpochMs(Number(value), format)
    if (format === 'auto' && /^-?\d+(\.\d+)?$/.test(value)) return toEpochMs(Number(value), 'auto')
    return parseIsoMs(value)
  }
  return NaN
}

/** ISO 8601 or Postgres text, keeping microseconds (Date.parse stops at milliseconds). */
export function parseIsoMs(text: string): number {
  // Fast path: the millisecond UTC form JSON.stringify(Date) writes (what most producers send).
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */) return Date.parse(text)
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text.trim())
  if (!m) return Date.parse(text)
  const [, date, time, frac = '', zoneRaw] = m
  let zone = zoneRaw ?? 'Z'
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00'
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`
  const whole = Date.parse(`${date}T${time}${zone.toUpperCase()}`)
  if (Number.isNaN(whole)) return NaN
  return whole + (frac ? Number(`0.${frac}`) * 1000 : 0)
}

/** Reads a dotted path (`kafka.timestamp`) from a plain object. */
export function readPath(source: unknown, path: string): unknown {
  if (path.indexOf('.') < 0) return source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[path] : undefined
  let value: unknown = source
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** The values at a reference path (`customer_id`, `lines[].sku`); absent or null -> none. */
export function valuesAtPath(source: unknown, path: string): string[] {
  const out: string[] = []
  const walk = (value: unknown, parts: string[]): void => {
    if (value === null || value === undefined) return
    if (parts.length === 0) {
      const id = normalizeId(value)
      if (id !== null) out.push(id)
      return
    }
    if (typeof value !== 'object') return
    const [head, ...rest] = parts
    const isArray = head!.endsWith('[]')
    const next = (value as Record<string, unknown>)[isArray ? head!.slice(0, -2) : head!]
    if (isArray) {
      if (Array.isArray(next)) for (const item of next) walk(item, rest)
    } else walk(next, rest)
  }
  walk(source, path.split('.'))
  return out
}
