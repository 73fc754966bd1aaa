// An external merge sort of (key, value) records: chunks of at most `chunkRecords` are sorted in
// memory and written to run files, then read back through a k-way merge. Memory stays bounded
// by the chunk size (plus one read buffer per run), however many records there are: this is
// how the verifier orders MongoDB documents, the tail's spill and reference edges by key
// without asking the store for a sort it may not be able to do (FerretDB sorts in memory).
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { compareKeys } from './compare.ts'

export interface SortedRecord {
  key: string
  value: string
}

export interface ExternalSorterOptions {
  /** directory for the run files (a private subdirectory is created and removed) */
  dir: string
  /** records per in-memory chunk (default 100,000) */
  chunkRecords?: number
}

const HEADER = 8 // u32 key bytes + u32 value bytes

export class ExternalSorter {
  readonly #dir: string
  readonly #chunkRecords: number
  #workDir: string | undefined
  #keys: string[] = []
  #values: string[] = []
  readonly #runs: string[] = []
  #count = 0
  #finished = false

  constructor(options: ExternalSorterOptions) {
    this.#dir = options.dir
    this.#chunkRecords = Math.max(1, options.chunkRecords ?? 100_000)
  }

  get count(): number {
    return this.#count
  }

  /** Adds a record; resolves at once unless the chunk is full and must be written first. */
  async add(key: string, value: string): Promise<void> {
    if (this.#finished) throw new Error('ExternalSorter: add() after sorted()')
    this.#keys.push(key)
    this.#values.push(value)
    this.#count++
    if (this.#keys.length >= this.#chunkRecords) await this.#spill()
  }

  async #spill(): Promise<void> {
    const order = this.#sortedIndexes()
    this.#workDir ??= await mkdtemp(join(this.#dir, '.sort-'))
    const file = join(this.#workDir, `run-${this.#runs.length}.bin`)
    const out = createWriteStream(file, { highWaterMark: 1 << 20 })
    for (const i of order) {
      if (!out.write(encode(this.#keys[i]!, this.#values[i]!))) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    this.#runs.push(file)
    this.#keys = []
    this.#values = []
  }

  #sortedIndexes(): number[] {
    const keys = this.#keys
    const order = Array.from({ length: keys.length }, (_, i) => i)
    // Stable: records with equal keys keep their insertion order.
    order.sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b)
    return order
  }

  /** All records in key order (equal keys in insertion order). Call once. */
  async *sorted(): AsyncGenerator<SortedRecord> {
    this.#finished = true
    if (this.#runs.length === 0) {
      for (const i of this.#sortedIndexes()) yield { key: this.#keys[i]!, value: this.#values[i]! }
      this.#keys = []
      this.#values = []
      return
    }
    if (this.#keys.length > 0) await this.#spill()
    const sources = this.#runs.map((f) => readRun(f)[Symbol.asyncIterator]())
    const heads: (SortedRecord | undefined)[] = await Promise.all(sources.map(async (s) => (await s.next()).value as SortedRecord | undefined))
    // A binary heap of source indexes, ordered by head key then source index (stability).
    const heap: number[] = []
    const less = (a: number, b: number): boolean => {
      const c = compareKeys(heads[a]!.key, heads[b]!.key)
      return c < 0 || (c === 0 && a < b)
    }
    const up = (i: number): void => {
      while (i > 0) {
        const p = (i - 1) >> 1
        if (!less(heap[i]!, heap[p]!)) break
        ;[heap[i], heap[p]] = [heap[p]!, heap[i]!]
        i = p
      }
    }
    const down = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r
        if (m === i) return
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    heads.forEach((h, i) => {
      if (h) {
        heap.push(i)
        up(heap.length - 1)
      }
    })
    while (heap.length > 0) {
      const top = heap[0]!
      yield heads[top]!
      const next = await sources[top]!.next()
      if (next.done) {
        heads[top] = undefined
        const last = heap.pop()!
        if (heap.length > 0) {
          heap[0] = last
          down(0)
        }
      } else {
        heads[top] = next.value
        down(0)
      }
    }
  }

  /** Removes the run files. Safe to call more than once. */
  async cleanup(): Promise<void> {
    this.#keys = []
    this.#values = []
    if (this.#workDir) await rm(this.#workDir, { recursive: true, force: true })
    this.#workDir = undefined
  }
}

function encode(key: string, value: string): Buffer {
  const k = Buffer.byteLength(key)
  const v = Buffer.byteLength(value)
  const buf = Buffer.allocUnsafe(HEADER + k + v)
  buf.writeUInt32LE(k, 0)
  buf.writeUInt32LE(v, 4)
  buf.write(key, HEADER, 'utf8')
  buf.write(value, HEADER + k, 'utf8')
  return buf
}

async function* readRun(file: string): AsyncGenerator<SortedRecord> {
  let pending: Buffer = Buffer.alloc(0)
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer)
    let at = 0
    while (pending.length - at >= HEADER) {
      const k = pending.readUInt32LE(at)
      const v = pending.readUInt32LE(at + 4)
      if (pending.length - at < HEADER + k + v) break
      const key = pending.toString('utf8', at + HEADER, at + HEADER + k)
      const value = pending.toString('utf8', at + HEADER + k, at + HEADER + k + v)
      at += HEADER + k + v
      yield { key, value }
    }
    pending = pending.subarray(at)
  }
  if (pending.length > 0) throw new Error(`${file}: truncated sort run (${pending.length} trailing bytes)`)
}

/** Groups consecutive records with the same key. */
export async function* groupByKey(records: AsyncIterable<SortedRecord>): AsyncGenerator<{ key: string; values: string[] }> {
  let key: string | undefined
  let values: string[] = []
  for await (const r of records) {
    if (key !== undefined && r.key !== key) {
      yield { key, values }
      values = []
    }
    key = r.key
    values.push(r.value)
  }
  if (key !== undefined) yield { key, values }
}
