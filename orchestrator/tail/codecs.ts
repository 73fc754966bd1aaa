// Inflates a compressed record batch's records with the Kafka client's own codecs (gzip, snappy,
// lz4 frame; zstd where node:zlib has it). One gap of the client is filled here: the Java
// producer, and the broker itself when a topic's compression.type makes it recompress, write
// snappy in xerial's block framing (magic, versions, then length-prefixed raw snappy blocks),
// which the client's raw-snappy decoder does not read. librdkafka and the Java consumer accept
// both forms, so the tail does too.
import { compressionsAlgorithmsByBitmask } from '@platformatic/kafka'

export class UnreadableBatchError extends Error {}

interface Codec {
  decompressSync(data: Buffer): Buffer
  available?: boolean
}

const SNAPPY = 2
const ZSTD = 4
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]) // \x82SNAPPY\0
const XERIAL_HEADER = 16 // magic (8) + version (4) + compatible version (4)
const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

function codecName(codec: number): string {
  return NAMES[codec] ?? `codec ${codec}`
}

export function inflate(codec: number, data: Buffer): Buffer {
  const algorithm = (compressionsAlgorithmsByBitmask as Record<number, Codec | undefined>)[codec]
  if (!algorithm) throw new UnreadableBatchError(`record batch compressed with unknown codec ${codec} (Kafka defines 0-4)`)
  if (algorithm.available === false) {
    const fix = codec === ZSTD ? ': run the tail on Node.js 22.15 or newer, or have the topic use gzip, snappy or lz4' : ''
    throw new UnreadableBatchError(`record batch compressed with ${codecName(codec)}, which this Node.js ${process.version} cannot inflate${fix}`)
  }
  try {
    if (codec === SNAPPY && isXerial(data)) return xerialSnappy(data, algorithm)
    return algorithm.decompressSync(data)
  } catch (error) {
    if (error instanceof UnreadableBatchError) throw error
    throw new UnreadableBatchError(`record batch: ${codecName(codec)} data does not inflate (${(error as Error).message})`)
  }
}

function isXerial(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER && data.compare(XERIAL_MAGIC, 0, XERIAL_MAGIC.length, 0, XERIAL_MAGIC.length) === 0
}

function xerialSnappy(data: Buffer, snappy: Codec): Buffer {
  const blocks: Buffer[] = []
  for (let at = XERIAL_HEADER; at < data.length; ) {
    if (at + 4 > data.length) throw new UnreadableBatchError('record batch: xerial snappy block length cut short')
    const length = data.readInt32BE(at)
    at += 4
    if (length < 0 || at + length > data.length) throw new UnreadableBatchError('record batch: xerial snappy block runs past the batch')
    blocks.push(snappy.decompressSync(data.subarray(at, at + length)))
    at += length
  }
  return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks)
}
