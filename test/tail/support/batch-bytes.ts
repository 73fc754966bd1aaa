// Kafka RecordBatch v2 bytes written field by field from the protocol documentation
// (https://kafka.apache.org/documentation/#recordbatch), independent of the tail's decoder:
//   baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8 (2), crc uint32,
//   attributes int16 (bits 0-2 codec, 3 timestamp type, 4 transactional, 5 control),
//   lastOffsetDelta int32, baseTimestamp int64, maxTimestamp int64, producerId int64,
//   producerEpoch int16, baseSequence int32, records count int32, then the records:
//   length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
//   keyLength varint, key, valueLength varint, value, headers count varint,
//   per header: keyLength varint, key, valueLength varint, value. Varints are zig-zag; -1 is null.
// The CRC is left 0: the tail does not check it (see orchestrator/tail/record-batch.ts).

export interface SpecRecord {
  offsetDelta: number
  timestampDelta?: number
  key?: string | null
  value?: string | Buffer | null
  headers?: [string, string | null][]
}

export interface SpecBatch {
  baseOffset: number
  baseTimestamp?: number
  maxTimestamp?: number
  attributes?: number
  producerId?: bigint
  records: SpecRecord[]
  /** the record section as it goes on the wire (compressed), instead of the plain records */
  compress?: (records: Buffer) => Buffer
  magic?: number
}

export function varint(n: number): Buffer {
  let z = n >= 0 ? n * 2 : -n * 2 - 1
  const out: number[] = []
  while (z >= 0x80) {
    out.push((z % 0x80) | 0x80)
    z = Math.floor(z / 0x80)
  }
  out.push(z)
  return Buffer.from(out)
}

function bytesField(s: string | Buffer | null | undefined): Buffer {
  if (s === null || s === undefined) return varint(-1)
  const b = typeof s === 'string' ? Buffer.from(s) : s
  return Buffer.concat([varint(b.length), b])
}

export function recordBytes(r: SpecRecord): Buffer {
  const headers = r.headers ?? []
  const body = Buffer.concat([
    Buffer.from([0]),
    varint(r.timestampDelta ?? 0),
    varint(r.offsetDelta),
    bytesField(r.key ?? null),
    bytesField(r.value ?? null),
    varint(headers.length),
    ...headers.flatMap(([k, v]) => [bytesField(k), bytesField(v)]),
  ])
  return Buffer.concat([varint(body.length), body])
}

export function batchBytes(b: SpecBatch): Buffer {
  const plain = Buffer.concat(b.records.map(recordBytes))
  const records = b.compress ? b.compress(plain) : plain
  const header = Buffer.alloc(61)
  const lastOffsetDelta = Math.max(0, ...b.records.map((r) => r.offsetDelta))
  header.writeBigInt64BE(BigInt(b.baseOffset), 0)
  header.writeInt32BE(61 - 12 + records.length, 8)
  header.writeInt32BE(0, 12) // partition leader epoch
  header.writeInt8(b.magic ?? 2, 16)
  header.writeUInt32BE(0, 17) // crc
  header.writeInt16BE(b.attributes ?? 0, 21)
  header.writeInt32BE(lastOffsetDelta, 23)
  header.writeBigInt64BE(BigInt(b.baseTimestamp ?? 1_700_000_000_000), 27)
  header.writeBigInt64BE(BigInt(b.maxTimestamp ?? b.baseTimestamp ?? 1_700_000_000_000), 35)
  header.writeBigInt64BE(b.producerId ?? -1n, 43)
  header.writeInt16BE(-1, 51) // producer epoch
  header.writeInt32BE(-1, 53) // base sequence
  header.writeInt32BE(b.records.length, 57)
  return Buffer.concat([header, records])
}

/** A control record's key: version int16 (0), type int16 (0 abort, 1 commit). */
export function controlBatch(baseOffset: number, producerId: bigint, commit: boolean): Buffer {
  const key = Buffer.alloc(4)
  key.writeInt16BE(0, 0)
  key.writeInt16BE(commit ? 1 : 0, 2)
  const value = Buffer.from([0, 0, 0, 0, 0, 0]) // version int16, coordinator epoch int32
  return batchBytes({ baseOffset, attributes: 0x10 | 0x20, producerId, records: [{ offsetDelta: 0, key: key.toString('latin1'), value }] })
}

/**
 * Snappy's raw format with literals only (https://github.com/google/snappy/blob/main/format_description.txt):
 * the uncompressed length as a varint, then literal elements, tag (length-1)<<2 for up to 60 bytes.
 */
export function snappyLiterals(data: Buffer): Buffer {
  const parts: Buffer[] = []
  let n = data.length
  const len: number[] = []
  while (n >= 0x80) {
    len.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  len.push(n)
  parts.push(Buffer.from(len))
  for (let at = 0; at < data.length; at += 60) {
    const chunk = data.subarray(at, Math.min(data.length, at + 60))
    parts.push(Buffer.from([(chunk.length - 1) << 2]), chunk)
  }
  return Buffer.concat(parts)
}

/** xerial's snappy-java stream framing, as the Java producer writes snappy batches. */
export function xerialFrame(blocks: Buffer[]): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1])
  return Buffer.concat([header, ...blocks.flatMap((b) => {
    const len = Buffer.alloc(4)
    len.writeInt32BE(b.length)
    return [len, b]
  })])
}
