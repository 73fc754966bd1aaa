// A consumed record as xk6-kafka v2 hands it to a script (reader.go messagesToJS): topic,
// partition, offset, highWaterMark, time as an RFC3339 string, headers as bytes, and key/value
// as bytes that are omitted when empty.
import { toScriptBytes } from './bytes.ts'

export interface ConsumedRecord {
  topic: string
  partition: number
  offset: bigint
  /** Milliseconds since the epoch. */
  timestamp: bigint
  key: Buffer | null | undefined
  value: Buffer | null | undefined
  headers: Iterable<[Buffer | null | undefined, Buffer | null | undefined]>
  /** The partition's high-water mark when the record was fetched (-1 when unknown). */
  highWaterMark: bigint
}

export interface ScriptMessage {
  topic: string
  partition: number
  offset: number
  highWaterMark: number
  time: string
  headers: Record<string, Uint8Array>
  key?: Uint8Array
  value?: Uint8Array
}

export function toScriptMessage(r: ConsumedRecord, nanoPrecision: boolean): ScriptMessage {
  const headers: Record<string, Uint8Array> = {}
  for (const [k, v] of r.headers) {
    if (k) headers[k.toString('utf8')] = toScriptBytes(v ?? Buffer.alloc(0))
  }
  const msg: ScriptMessage = {
    topic: r.topic,
    partition: r.partition,
    offset: Number(r.offset),
    highWaterMark: Number(r.highWaterMark),
    time: formatRfc3339(Number(r.timestamp), nanoPrecision),
    headers,
  }
  if (r.key && r.key.length > 0) msg.key = toScriptBytes(r.key)
  if (r.value && r.value.length > 0) msg.value = toScriptBytes(r.value)
  return msg
}

/** key + value + header names and values, as xk6-kafka counts message bytes. */
export function recordBytes(r: Pick<ConsumedRecord, 'key' | 'value' | 'headers'>): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0)
  for (const [k, v] of r.headers) n += (k?.length ?? 0) + (v?.length ?? 0)
  return n
}

/**
 * Go's time.Format(time.RFC3339) in the process' local zone ("Z" for UTC); with nanoPrecision,
 * RFC3339Nano, which prints the fraction without trailing zeros.
 */
export function formatRfc3339(epochMs: number, nanoPrecision: boolean): string {
  const d = new Date(epochMs)
  const offsetMin = -d.getTimezoneOffset()
  const local = new Date(epochMs + offsetMin * 60_000)
  const base = local.toISOString().slice(0, 19)
  let frac = ''
  if (nanoPrecision) {
    const ms = local.getUTCMilliseconds()
    if (ms > 0) frac = `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`
  }
  if (offsetMin === 0) return `${base}${frac}Z`
  const sign = offsetMin > 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  return `${base}${frac}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
