// A Consumer without groupId reads one partition from its own offset (xk6-kafka v2 assigns the
// partition with no group, no commits). Each VU object keeps its offset and a small buffer of
// fetched records; the fetches go over a few connections shared by all readers of the process,
// in short polls so no reader waits long behind another on a shared connection.
import { IS_CONTROL, ListOffsetTimestamps, type ConnectionPool, type Consumer } from '@platformatic/kafka'
import type { FetchClient } from './clients.ts'
import type { ReaderSettings } from './config.ts'
import type { ConsumedRecord } from './messages.ts'
import { bounded, pause, WaitInterrupted } from './wait.ts'

/** Longest single fetch on a shared connection; a consume keeps polling until its own deadline. */
const POLL_MS = 250
/** librdkafka's RD_KAFKA_OFFSET_INVALID: the position before anything was fetched. */
export const OFFSET_INVALID = -1001n

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>

export class PartitionReader {
  #offset: bigint | undefined
  #buffer: ConsumedRecord[] = []
  #lock: Promise<unknown> = Promise.resolve()
  readonly #pool: ConnectionPool
  /** Fetch requests sent since the last call to takeFetches(). */
  #fetches = 0

  constructor(
    private readonly client: FetchClient,
    private readonly s: ReaderSettings,
  ) {
    this.#pool = client.pool()
    if (s.start.kind === 'at') this.#offset = s.start.offset
  }

  get queueLength(): number {
    return this.#buffer.length
  }

  takeFetches(): number {
    const n = this.#fetches
    this.#fetches = 0
    return n
  }

  position(): bigint {
    if (this.#buffer.length > 0) return (this.#buffer[0] as ConsumedRecord).offset
    return this.#offset ?? OFFSET_INVALID
  }

  seek(offset: bigint): void {
    this.#offset = offset
    this.#buffer = []
  }

  /** The next record, or null when none arrived before `deadline` (ms, performance.now()). */
  next(deadline: number, signal: AbortSignal | undefined): Promise<ConsumedRecord | null> {
    // One read at a time per reader, even if a script fires consume() twice without awaiting.
    const run = this.#lock.then(() => this.#next(deadline, signal))
    this.#lock = run.catch(() => undefined)
    return run
  }

  async #next(deadline: number, signal: AbortSignal | undefined): Promise<ConsumedRecord | null> {
    for (;;) {
      const record = this.#buffer.shift()
      if (record) return record
      const remaining = deadline - performance.now()
      if (remaining <= 0) return null
      try {
        await this.#fill(deadline, signal)
      } catch (err) {
        // A broker call that outlives the consume's deadline ends the wait, not the test.
        if (err instanceof WaitInterrupted && err.reason === 'timeout') return null
        throw err
      }
    }
  }

  async #fill(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    const left = (): number => Math.max(1, deadline - performance.now())
    const waitMs = Math.min(left(), POLL_MS)
    const { consumer } = this.client
    const { topic, partition } = this.s
    let leader: number
    let topicId: string
    try {
      const meta = await bounded(consumer.metadata({ topics: [topic] }), signal, left())
      const t = meta.topics.get(topic)
      const p = t?.partitions[partition]
      if (!t || !p) throw new Error(`partition ${partition} of topic ${topic} does not exist`)
      leader = p.leader
      topicId = t.id
    } catch (err) {
      if (err instanceof WaitInterrupted) throw err
      // A topic that does not exist (yet) reads as empty until the deadline, as in librdkafka.
      await pause(Math.min(left(), POLL_MS), signal)
      return
    }
    if (this.#offset === undefined) this.#offset = await this.#startOffset(signal, left())
    const fetchOffset = this.#offset
    this.#fetches++
    let response: FetchResponse
    try {
      response = await bounded(
        consumer.fetch({
          node: leader,
          topics: [{ topicId, partitions: [{ partition, fetchOffset, partitionMaxBytes: this.s.maxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }] }],
          maxWaitTime: Math.round(waitMs),
          minBytes: this.s.minBytes,
          maxBytes: this.s.maxBytes,
          isolationLevel: this.s.isolationLevel,
          connectionPool: this.#pool,
        }),
        signal,
        // The broker answers after maxWaitTime at the latest; the slack covers a slow round trip.
        left() + POLL_MS,
      )
    } catch (err) {
      if (err instanceof WaitInterrupted) throw err
      const e = err as { findBy?: (k: string, v: unknown) => unknown }
      if (e.findBy?.('apiId', 'OFFSET_OUT_OF_RANGE')) {
        // librdkafka's auto.offset.reset for an assigned partition: back to the configured start.
        this.#offset = await this.#listOffset(this.s.start.kind === 'first' ? ListOffsetTimestamps.EARLIEST : ListOffsetTimestamps.LATEST, signal, left())
        return
      }
      throw err
    }
    // A seek() while this fetch was in flight wins.
    if (this.#offset !== fetchOffset) return
    this.#absorb(response, fetchOffset)
  }

  #absorb(response: FetchResponse, fetchOffset: bigint): void {
    const part = response.responses[0]?.partitions.find((p) => p.partitionIndex === this.s.partition)
    if (!part?.records) return
    let next = fetchOffset
    for (const batch of part.records) {
      next = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n
      if (batch.attributes & IS_CONTROL) continue
      for (const r of batch.records) {
        const offset = batch.firstOffset + BigInt(r.offsetDelta)
        if (offset < fetchOffset) continue
        this.#buffer.push({
          topic: this.s.topic,
          partition: this.s.partition,
          offset,
          timestamp: batch.firstTimestamp + r.timestampDelta,
          key: r.key,
          value: r.value,
          headers: r.headers,
          highWaterMark: part.highWatermark,
        })
      }
    }
    if (next > fetchOffset) this.#offset = next
  }

  #startOffset(signal: AbortSignal | undefined, timeoutMs: number): Promise<bigint> {
    switch (this.s.start.kind) {
      case 'at':
        return Promise.resolve(this.s.start.offset)
      case 'last':
        return this.#listOffset(ListOffsetTimestamps.LATEST, signal, timeoutMs)
      default:
        return this.#listOffset(ListOffsetTimestamps.EARLIEST, signal, timeoutMs)
    }
  }

  async #listOffset(timestamp: bigint, signal: AbortSignal | undefined, timeoutMs: number): Promise<bigint> {
    const offsets = await bounded(this.client.consumer.listOffsets({ topics: [this.s.topic], timestamp }), signal, timeoutMs)
    const value = offsets.get(this.s.topic)?.[this.s.partition]
    if (value === undefined) throw new Error(`no offsets for partition ${this.s.partition} of topic ${this.s.topic}`)
    return value
  }
}
