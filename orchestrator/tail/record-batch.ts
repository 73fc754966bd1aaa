// Reads Kafka record batches (format v2, the only one Kafka 4 writes) in place, from the raw
// bytes of a Fetch response (fetch-api.ts). Nothing is materialised per record: one reusable
// cursor carries the record's offset, timestamp and the positions of its key, value and headers
// in the response buffer; key, value or a header are sliced out only when the reader asks.
// Compressed batches are inflated (codecs.ts) and then read the same way. A batch that cannot be
// read (unknown format, a codec this Node.js lacks, bytes that do not parse) is reported with
// its record count through `onUnreadable` and skipped, so the tail counts it and keeps going
// rather than fetching it again forever. Transactions: with READ_COMMITTED the
// broker sends data up to the last stable offset plus the aborted transactions in that range;
// batches of those are skipped as the Java consumer does, and control batches always are.
import { inflate, UnreadableBatchError } from './codecs.ts'
import type { AbortedTransaction } from './fetch-api.ts'

const BATCH_OVERHEAD = 12 // base offset (8) + batch length (4), not counted in the length
const RECORDS_AT = 61 // first record, after the fixed v2 batch header
const COMPRESSION_MASK = 0x07
const TIMESTAMP_TYPE_BIT = 0x08
const TRANSACTIONAL_BIT = 0x10
const CONTROL_BIT = 0x20
const TWO_32 = 4_294_967_296

export class CorruptBatchError extends UnreadableBatchError {}

/** One record, valid only inside the visitor call that received it. */
export class RecordCursor {
  buf: Buffer = Buffer.alloc(0)
  offset = 0
  /** epoch ms: the record's CreateTime, or the broker's LogAppendTime for the whole batch */
  timestamp = 0
  logAppendTime = false
  keyStart = 0
  keyLength = -1
  valueStart = 0
  valueLength = -1
  headersStart = 0
  headerCount = 0

  key(): Buffer | null {
    return this.keyLength < 0 ? null : this.buf.subarray(this.keyStart, this.keyStart + this.keyLength)
  }

  value(): Buffer | null {
    return this.valueLength < 0 ? null : this.buf.subarray(this.valueStart, this.valueStart + this.valueLength)
  }

  /** The value of the first header called `name` (UTF-8 bytes) that has one, or null. */
  header(name: Buffer): Buffer | null {
    const buf = this.buf
    varint.pos = this.headersStart
    for (let h = 0; h < this.headerCount; h++) {
      const keyLength = varint.read(buf)
      const keyStart = varint.pos
      varint.pos += Math.max(0, keyLength)
      const valueLength = varint.read(buf)
      const valueStart = varint.pos
      varint.pos += Math.max(0, valueLength)
      if (valueLength >= 0 && keyLength === name.length && buf.compare(name, 0, name.length, keyStart, keyStart + keyLength) === 0) {
        return buf.subarray(valueStart, valueStart + valueLength)
      }
    }
    return null
  }
}

/** Zig-zag varints as Kafka writes them, into a number (exact up to 2^53). */
const varint = {
  pos: 0,
  read(buf: Buffer): number {
    let pos = this.pos
    if (pos >= buf.length) throw new CorruptBatchError('varint runs past the end of the record batch')
    let b = buf[pos++]!
    let raw = b & 0x7f
    let scale = 128
    while (b & 0x80) {
      if (pos >= buf.length || scale > 2 ** 63) throw new CorruptBatchError('varint runs past the end of the record batch')
      b = buf[pos++]!
      raw += (b & 0x7f) * scale
      scale *= 128
    }
    this.pos = pos
    // zig-zag: even -> raw/2, odd -> -(raw+1)/2 (arithmetic, not bitwise: raw may exceed 32 bits)
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2
  },
}

function int64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4)
}

/** Where the batch at `at` ends; a length too short for a batch header leaves no way to go on. */
function batchEnd(buf: Buffer, at: number): number {
  const length = buf.readInt32BE(at + 8)
  if (length < RECORDS_AT - BATCH_OVERHEAD) throw new CorruptBatchError(`record batch at byte ${at} of a fetch response has length ${length}, shorter than a batch header`)
  return at + BATCH_OVERHEAD + length
}

/**
 * Offset to fetch next after this response: past the last complete batch (a batch cut off by
 * the size limit is fetched again whole). Reads batch headers only, so the next request can be
 * sent before the records are decoded.
 */
export function nextFetchOffset(buf: Buffer | null, current: number): number {
  if (!buf) return current
  let next = current
  for (let at = 0; at + RECORDS_AT <= buf.length; ) {
    const end = batchEnd(buf, at)
    if (end > buf.length) break
    next = Math.max(next, int64(buf, at) + buf.readInt32BE(at + 23) + 1)
    at = end
  }
  return next
}

export interface DecodeOptions {
  /** records below this offset were read before (a batch can start before the fetch offset) */
  from: number
  /** READ_COMMITTED: the response's aborted transactions (null or empty: nothing to skip) */
  aborted: AbortedTransaction[] | null
  /**
   * A batch that cannot be read: why (the same text for the same cause), how many of its records
   * were not visited, and where it starts. Without this callback the error is thrown.
   */
  onUnreadable?: (reason: string, records: number, baseOffset: number) => void
}

/**
 * Calls `visit` for every data record of the complete batches in `buf` at or above `from`, in
 * offset order. Returns the number of records visited.
 */
export function decodeBatches(buf: Buffer, options: DecodeOptions, visit: (record: RecordCursor) => void): number {
  const cursor = new RecordCursor()
  const aborted = options.aborted?.length ? [...options.aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1)) : null
  const abortedProducers = new Set<bigint>()
  let nextAborted = 0
  let visited = 0
  for (let at = 0; at + RECORDS_AT <= buf.length; ) {
    const end = batchEnd(buf, at)
    if (end > buf.length) break // cut short by the size limit: fetched again next time
    const batchStart = at
    at = end
    const magic = buf[batchStart + 16]
    if (magic !== 2) {
      const reason = `record batch format v${magic} is not supported (Kafka writes v2 since 0.11)`
      if (!options.onUnreadable) throw new CorruptBatchError(reason)
      options.onUnreadable(reason, 1, int64(buf, batchStart))
      continue
    }
    const baseOffset = int64(buf, batchStart)
    const lastOffset = baseOffset + buf.readInt32BE(batchStart + 23)
    if (lastOffset < options.from) continue
    const attributes = buf.readInt16BE(batchStart + 21)
    if (aborted || abortedProducers.size > 0) {
      const producerId = buf.readBigInt64BE(batchStart + 43)
      while (aborted && nextAborted < aborted.length && Number(aborted[nextAborted]!.firstOffset) <= lastOffset) {
        abortedProducers.add(aborted[nextAborted++]!.producerId)
      }
      if (attributes & CONTROL_BIT) {
        if (isAbortMarker(buf, batchStart, end)) abortedProducers.delete(producerId)
        continue
      }
      if (attributes & TRANSACTIONAL_BIT && abortedProducers.has(producerId)) continue
    }
    if (attributes & CONTROL_BIT) continue
    const logAppend = (attributes & TIMESTAMP_TYPE_BIT) !== 0
    const baseTimestamp = int64(buf, batchStart + 27)
    const maxTimestamp = int64(buf, batchStart + 35)
    const count = buf.readInt32BE(batchStart + 57)
    let i = 0
    try {
      let records = buf
      let pos = batchStart + RECORDS_AT
      let limit = end
      const codec = attributes & COMPRESSION_MASK
      if (codec !== 0) {
        records = inflate(codec, buf.subarray(pos, end))
        pos = 0
        limit = records.length
      }
      cursor.buf = records
      cursor.logAppendTime = logAppend
      for (; i < count; i++) {
        varint.pos = pos
        const length = varint.read(records)
        const recordEnd = varint.pos + length
        if (!(length >= 0 && recordEnd <= limit)) throw new CorruptBatchError('a record runs past its batch')
        varint.pos += 1 // record attributes (unused)
        const timestampDelta = varint.read(records)
        const offset = baseOffset + varint.read(records)
        cursor.keyLength = varint.read(records)
        cursor.keyStart = varint.pos
        varint.pos += Math.max(0, cursor.keyLength)
        cursor.valueLength = varint.read(records)
        cursor.valueStart = varint.pos
        varint.pos += Math.max(0, cursor.valueLength)
        cursor.headerCount = varint.read(records)
        cursor.headersStart = varint.pos
        // the headers are read on demand; their bounds are checked when they are
        if (varint.pos > recordEnd || cursor.headerCount < 0) throw new CorruptBatchError("a record's key or value runs past the record")
        pos = recordEnd
        if (offset < options.from) continue
        cursor.offset = offset
        cursor.timestamp = logAppend ? maxTimestamp : baseTimestamp + timestampDelta
        visit(cursor)
        visited++
      }
    } catch (error) {
      if (!(error instanceof UnreadableBatchError)) throw error
      if (!options.onUnreadable) throw new CorruptBatchError(`${error.message} (record batch at offset ${baseOffset})`, { cause: error })
      options.onUnreadable(error.message, count - i, baseOffset)
    }
  }
  return visited
}

/** A control batch's record key is (version int16, type int16): type 0 aborts, 1 commits. */
function isAbortMarker(buf: Buffer, batchStart: number, end: number): boolean {
  if (buf.readInt32BE(batchStart + 57) < 1) return false
  varint.pos = batchStart + RECORDS_AT
  varint.read(buf) // record length
  varint.pos += 1
  varint.read(buf) // timestamp delta
  varint.read(buf) // offset delta
  const keyLength = varint.read(buf)
  return keyLength >= 4 && varint.pos + 4 <= end && buf.readInt16BE(varint.pos + 2) === 0
}
