// The tail's per-event view, kept on disk instead of in memory: one small fixed-layout entry per
// record of the run, appended in arrival order to <report dir>/tail-events-<n>.bin (one file per
// fetch worker). At 1M events it
// is ~60 MB of disk and a constant few MB of memory; the verifier sorts it by event id
// (ExternalSorter) to attribute every missing or duplicated event to a stage.
import { once } from 'node:events'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'

export interface SpillEntry {
  eventId: string
  type: string
  topic: string
  partition: number
  offset: number
  /** Kafka record timestamp, epoch ms */
  kafkaTs: number
  /** 1 when the broker stamped it (LogAppendTime), 0 for CreateTime */
  logAppendTime: number
  /** when the tail received it, epoch ms (tail clock) */
  seenAt: number
  /** as read from the record (NaN when absent) */
  createdAt: number
  scheduledAt: number
  committedAt: number
}

// u16 length | u8 id bytes | id | u16 type | u16 topic | u32 partition | f64 offset | f64 kafkaTs |
// u8 logAppendTime | f64 seenAt | f64 createdAt | f64 scheduledAt | f64 committedAt
const FIXED = 2 + 1 + 2 + 2 + 4 + 8 + 8 + 1 + 8 + 8 + 8 + 8
const CHUNK = 1 << 20

export class SpillWriter {
  readonly #out: WriteStream
  #buf = Buffer.allocUnsafe(CHUNK)
  #at = 0
  #records = 0
  readonly #types = new Map<string, number>()
  readonly #topics = new Map<string, number>()
  #error: Error | null = null

  constructor(readonly path: string) {
    this.#out = createWriteStream(path, { flags: 'w' })
    this.#out.on('error', (e) => (this.#error ??= e))
  }

  get records(): number {
    return this.#records
  }

  get types(): string[] {
    return [...this.#types.keys()]
  }

  get topics(): string[] {
    return [...this.#topics.keys()]
  }

  append(e: SpillEntry): void {
    if (this.#error) throw this.#error
    const idLen = Buffer.byteLength(e.eventId)
    if (idLen > 255) throw new Error(`event id longer than 255 bytes: ${e.eventId.slice(0, 40)}...`)
    const size = FIXED + idLen
    if (this.#at + size > this.#buf.length) this.#flush()
    const b = this.#buf
    let o = this.#at
    b.writeUInt16LE(size, o)
    b.writeUInt8(idLen, o + 2)
    b.write(e.eventId, o + 3, 'utf8')
    o += 3 + idLen
    b.writeUInt16LE(index(this.#types, e.type), o)
    b.writeUInt16LE(index(this.#topics, e.topic), o + 2)
    b.writeUInt32LE(e.partition, o + 4)
    b.writeDoubleLE(e.offset, o + 8)
    b.writeDoubleLE(e.kafkaTs, o + 16)
    b.writeUInt8(e.logAppendTime, o + 24)
    b.writeDoubleLE(e.seenAt, o + 25)
    b.writeDoubleLE(e.createdAt, o + 33)
    b.writeDoubleLE(e.scheduledAt, o + 41)
    b.writeDoubleLE(e.committedAt, o + 49)
    this.#at += size
    this.#records++
  }

  #flush(): void {
    if (this.#at === 0) return
    this.#out.write(this.#buf.subarray(0, this.#at))
    this.#buf = Buffer.allocUnsafe(CHUNK)
    this.#at = 0
  }

  /** Resolves when the file stream has room again (backpressure for the fetch loop). */
  async drained(): Promise<void> {
    if (this.#out.writableNeedDrain) await once(this.#out, 'drain')
  }

  async close(): Promise<void> {
    this.#flush()
    this.#out.end()
    if (!this.#out.writableFinished) await once(this.#out, 'finish')
    if (this.#error) throw this.#error
  }
}

function index(map: Map<string, number>, name: string): number {
  let i = map.get(name)
  if (i === undefined) {
    i = map.size
    if (i > 0xffff) throw new Error('more than 65535 distinct event types or topics in one run')
    map.set(name, i)
  }
  return i
}

/** Reads a spill file back, in arrival order. `types`/`topics` are the tables from the tail result. */
export async function* readSpill(path: string, types: readonly string[], topics: readonly string[]): AsyncGenerator<SpillEntry> {
  let pending: Buffer = Buffer.alloc(0)
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer)
    let at = 0
    while (pending.length - at >= 2) {
      const size = pending.readUInt16LE(at)
      if (pending.length - at < size) break
      const idLen = pending.readUInt8(at + 2)
      const eventId = pending.toString('utf8', at + 3, at + 3 + idLen)
      const o = at + 3 + idLen
      yield {
        eventId,
        type: types[pending.readUInt16LE(o)] ?? 'unknown',
        topic: topics[pending.readUInt16LE(o + 2)] ?? 'unknown',
        partition: pending.readUInt32LE(o + 4),
        offset: pending.readDoubleLE(o + 8),
        kafkaTs: pending.readDoubleLE(o + 16),
        logAppendTime: pending.readUInt8(o + 24),
        seenAt: pending.readDoubleLE(o + 25),
        createdAt: pending.readDoubleLE(o + 33),
        scheduledAt: pending.readDoubleLE(o + 41),
        committedAt: pending.readDoubleLE(o + 49),
      }
      at += size
    }
    pending = pending.subarray(at)
  }
  if (pending.length > 0) throw new Error(`${path}: truncated tail spill (${pending.length} trailing bytes)`)
}
