// The tail's RecordBatch v2 reader against bytes laid out by the Kafka protocol documentation:
// one batch typed in byte by byte, the rest written field by field (support/batch-bytes.ts), and
// compressed sections made with independent encoders (node:zlib gzip, snappy literals per the
// snappy format, xerial framing as snappy-java writes it).
import { gzipSync } from 'node:zlib'
import * as zlib from 'node:zlib'
import { lz4Compress } from '@platformatic/wasm-utils'
import { describe, expect, it } from 'vitest'
import { CorruptBatchError, decodeBatches, nextFetchOffset, type DecodeOptions, type RecordCursor } from '../../orchestrator/tail/record-batch.ts'
import { batchBytes, controlBatch, snappyLiterals, xerialFrame, type SpecRecord } from './support/batch-bytes.ts'

interface Seen {
  offset: number
  timestamp: number
  logAppendTime: boolean
  key: string | null
  value: string | null
  headers: Record<string, string | null>
}

function read(buf: Buffer, options: Partial<DecodeOptions> = {}, headerNames: string[] = []): Seen[] {
  const out: Seen[] = []
  decodeBatches(buf, { from: 0, aborted: null, ...options }, (r: RecordCursor) => {
    out.push({
      offset: r.offset, timestamp: r.timestamp, logAppendTime: r.logAppendTime,
      key: r.key()?.toString() ?? null, value: r.value()?.toString() ?? null,
      headers: Object.fromEntries(headerNames.map((h) => [h, r.header(Buffer.from(h))?.toString() ?? null])),
    })
  })
  return out
}

const records = (n: number, base = 0): SpecRecord[] =>
  Array.from({ length: n }, (_, i) => ({ offsetDelta: i, timestampDelta: i * 3, key: `k${base + i}`, value: `{"n":${base + i}}`, headers: [['event-id', `id-${base + i}`]] }))

describe('record batch v2, bytes typed in from the protocol documentation', () => {
  // baseOffset 5, one record: key "k", value "v1", header h=x, CreateTime 1700000000000
  const hex =
    '0000000000000005' + '0000003f' + '00000000' + '02' + '00000000' + '0000' + '00000000' +
    '0000018bcfe56800' + '0000018bcfe56800' + 'ffffffffffffffff' + 'ffff' + 'ffffffff' + '00000001' +
    '1a' + '00' + '00' + '00' + '02' + '6b' + '04' + '7631' + '02' + '02' + '68' + '02' + '78'
  const buf = Buffer.from(hex, 'hex')

  it('reads offset, timestamp, key, value and header', () => {
    expect(read(buf, {}, ['h', 'missing'])).toEqual([
      { offset: 5, timestamp: 1_700_000_000_000, logAppendTime: false, key: 'k', value: 'v1', headers: { h: 'x', missing: null } },
    ])
  })

  it('says where to fetch next, and ignores a batch cut short by the size limit', () => {
    expect(nextFetchOffset(buf, 5)).toBe(6)
    const cut = Buffer.concat([buf, buf.subarray(0, 40)])
    expect(nextFetchOffset(cut, 5)).toBe(6)
    expect(read(cut)).toHaveLength(1)
    expect(nextFetchOffset(null, 9)).toBe(9)
  })
})

describe('record batch v2, written field by field', () => {
  it('applies timestamp and offset deltas across batches and skips records below `from`', () => {
    const buf = Buffer.concat([batchBytes({ baseOffset: 100, baseTimestamp: 1_000, records: records(3) }), batchBytes({ baseOffset: 103, baseTimestamp: 2_000, records: records(2, 3) })])
    const seen = read(buf, { from: 101 }, ['event-id'])
    expect(seen.map((s) => s.offset)).toEqual([101, 102, 103, 104])
    expect(seen.map((s) => s.timestamp)).toEqual([1_003, 1_006, 2_000, 2_003])
    expect(seen[0]).toMatchObject({ key: 'k1', value: '{"n":1}', headers: { 'event-id': 'id-1' } })
    expect(nextFetchOffset(buf, 100)).toBe(105)
  })

  it('keeps offsets exact beyond 32 bits and varints of several bytes', () => {
    const value = 'x'.repeat(20_000)
    const seen = read(batchBytes({ baseOffset: 2 ** 40 + 7, records: [{ offsetDelta: 0, timestampDelta: 300_000, value }] }))
    expect(seen[0]).toMatchObject({ offset: 2 ** 40 + 7, timestamp: 1_700_000_300_000 })
    expect(seen[0]!.value).toHaveLength(20_000)
  })

  it('gives null key, null value and null header values as null; a header lookup takes the first one with a value', () => {
    const seen = read(batchBytes({ baseOffset: 0, records: [{ offsetDelta: 0, key: null, value: null, headers: [['a', null], ['a', '2'], ['b', '3']] }] }), {}, ['a', 'b', 'c'])
    expect(seen).toEqual([{ offset: 0, timestamp: 1_700_000_000_000, logAppendTime: false, key: null, value: null, headers: { a: '2', b: '3', c: null } }])
  })

  it('uses the batch max timestamp for every record under LogAppendTime (attribute bit 3)', () => {
    const seen = read(batchBytes({ baseOffset: 0, attributes: 0x08, baseTimestamp: 1_000, maxTimestamp: 5_000, records: records(2) }))
    expect(seen.map((s) => [s.timestamp, s.logAppendTime])).toEqual([[5_000, true], [5_000, true]])
  })

  it('skips control batches (commit markers) but fetches past them', () => {
    const buf = Buffer.concat([batchBytes({ baseOffset: 0, attributes: 0x10, producerId: 8n, records: records(2) }), controlBatch(2, 8n, true), batchBytes({ baseOffset: 3, records: records(1, 3) })])
    expect(read(buf).map((s) => s.offset)).toEqual([0, 1, 3])
    expect(nextFetchOffset(buf, 0)).toBe(4)
  })

  it('skips the batches of aborted transactions (READ_COMMITTED) and nothing else', () => {
    const buf = Buffer.concat([
      batchBytes({ baseOffset: 10, attributes: 0x10, producerId: 7n, records: records(2, 10) }), // aborted below
      batchBytes({ baseOffset: 12, attributes: 0x10, producerId: 8n, records: records(1, 12) }), // committed
      controlBatch(13, 7n, false), // abort marker of producer 7
      controlBatch(14, 8n, true),
      batchBytes({ baseOffset: 15, attributes: 0x10, producerId: 7n, records: records(1, 15) }), // producer 7's next transaction
      batchBytes({ baseOffset: 16, records: records(1, 16) }), // not transactional
    ])
    expect(read(buf, { aborted: [{ producerId: 7n, firstOffset: 10n }] }).map((s) => s.offset)).toEqual([12, 15, 16])
    expect(read(buf).map((s) => s.offset)).toEqual([10, 11, 12, 15, 16]) // no aborted list: read uncommitted
  })
})

describe('record batch v2, compressed record sections', () => {
  const plain = () => records(4)
  const expectFour = (seen: Seen[]) => {
    expect(seen.map((s) => s.offset)).toEqual([50, 51, 52, 53])
    expect(seen.map((s) => s.headers['event-id'])).toEqual(['id-0', 'id-1', 'id-2', 'id-3'])
    expect(seen[3]!.value).toBe('{"n":3}')
  }

  it('gzip (codec 1)', () => {
    expectFour(read(batchBytes({ baseOffset: 50, attributes: 1, records: plain(), compress: (b) => gzipSync(b) }), {}, ['event-id']))
  })

  it('snappy (codec 2), raw and in the xerial framing of the Java producer, over several blocks', () => {
    expectFour(read(batchBytes({ baseOffset: 50, attributes: 2, records: plain(), compress: snappyLiterals }), {}, ['event-id']))
    const xerial = (b: Buffer) => xerialFrame([snappyLiterals(b.subarray(0, 50)), snappyLiterals(b.subarray(50))])
    expectFour(read(batchBytes({ baseOffset: 50, attributes: 2, records: plain(), compress: xerial }), {}, ['event-id']))
  })

  it('lz4 (codec 3, frame format)', () => {
    expectFour(read(batchBytes({ baseOffset: 50, attributes: 3, records: plain(), compress: (b) => lz4Compress(b) }), {}, ['event-id']))
  })

  const zstdCompress = (zlib as { zstdCompressSync?: (b: Buffer) => Buffer }).zstdCompressSync
  it.runIf(zstdCompress)('zstd (codec 4) where node:zlib has it', () => {
    expectFour(read(batchBytes({ baseOffset: 50, attributes: 4, records: plain(), compress: (b) => zstdCompress!(b) }), {}, ['event-id']))
  })

  it.skipIf(zstdCompress)('zstd (codec 4) on a Node.js without it: reported as unreadable with the fix, the next batch still read', () => {
    const buf = Buffer.concat([batchBytes({ baseOffset: 50, attributes: 4, records: plain(), compress: (b) => b }), batchBytes({ baseOffset: 54, records: records(1) })])
    const unreadable: [string, number, number][] = []
    expect(read(buf, { onUnreadable: (...a) => unreadable.push(a) }).map((s) => s.offset)).toEqual([54])
    expect(unreadable).toEqual([[expect.stringMatching(/zstd.*Node\.js 22\.15/), 4, 50]])
    expect(() => read(buf)).toThrow(CorruptBatchError)
  })
})

describe('record batch v2, bytes that cannot be read', () => {
  const collect = (buf: Buffer) => {
    const unreadable: [string, number, number][] = []
    const offsets = read(buf, { onUnreadable: (...a) => unreadable.push(a) }).map((s) => s.offset)
    return { offsets, unreadable }
  }
  const next = batchBytes({ baseOffset: 9, records: records(1) })

  it('an unknown codec: the batch is counted, the next one read; without a callback it throws', () => {
    const buf = Buffer.concat([batchBytes({ baseOffset: 0, attributes: 5, records: records(3) }), next])
    expect(collect(buf)).toEqual({ offsets: [9], unreadable: [[expect.stringMatching(/unknown codec 5/), 3, 0]] })
    expect(() => read(buf)).toThrow(/unknown codec 5.*offset 0/)
  })

  it('a compressed section that does not inflate', () => {
    const buf = Buffer.concat([batchBytes({ baseOffset: 0, attributes: 1, records: records(2), compress: () => Buffer.from('not gzip') }), next])
    expect(collect(buf)).toEqual({ offsets: [9], unreadable: [[expect.stringMatching(/gzip data does not inflate/), 2, 0]] })
  })

  it('a record longer than its batch: the records before it are read, the rest counted', () => {
    const good = records(3)
    const buf = batchBytes({ baseOffset: 0, records: good })
    // the third record's length varint claims far more than is left
    buf[61 + recordLength(good[0]!) + recordLength(good[1]!)] = 0x7e
    expect(collect(Buffer.concat([buf, next]))).toEqual({ offsets: [0, 1, 9], unreadable: [['a record runs past its batch', 1, 0]] })
  })

  it('a record batch of an older format (magic 1)', () => {
    expect(collect(Buffer.concat([batchBytes({ baseOffset: 0, magic: 1, records: records(1) }), next]))).toEqual({
      offsets: [9], unreadable: [[expect.stringMatching(/format v1 is not supported/), 1, 0]],
    })
  })

  it('a batch length shorter than a batch header throws rather than loop', () => {
    const buf = batchBytes({ baseOffset: 0, records: records(1) })
    buf.writeInt32BE(-20, 8)
    expect(() => nextFetchOffset(buf, 0)).toThrow(CorruptBatchError)
  })
})

function recordLength(r: SpecRecord): number {
  return batchBytes({ baseOffset: 0, records: [r] }).length - 61
}
