// Reads every partition this fetcher owns by direct assignment: no group is joined and no offset
// committed, so the pipeline's own consumer group never sees the tail (no rebalance, no lag
// entry). Positions live in partitions.ts. Each lane is one connection to a partition leader
// with one Fetch always in flight: when a response arrives, the next request goes out as soon
// as the batch headers say where it ends, and only then are its records decoded, so the broker
// prepares the next response while this thread decodes the last. A lost connection, a leader
// change or a broker restart costs a reconnect with backoff, never a position.
import { ConnectionPool, Consumer } from '@platformatic/kafka'
import type { Connections } from '../../stack/connections.ts'
import { kafkaClientOptions } from '../../stack/kafka/client-options.ts'
import { redactText } from '../../stack/redact.ts'
import { FETCH_API_KEY, pickFetchVersion, rawFetch, type AbortedTransaction, type RawFetchResponse } from './fetch-api.ts'
import { PartitionTable, READ_COMMITTED, type PartitionPosition, type TrackedPartition } from './partitions.ts'
import { nextFetchOffset } from './record-batch.ts'

export type { PartitionPosition } from './partitions.ts'

/** One partition's share of a Fetch response: its record batches, undecoded. */
export interface FetchedChunk {
  topic: string
  partition: number
  records: Buffer
  /** records below this offset were handed over before */
  from: number
  aborted: AbortedTransaction[] | null
}

const POLL_MS = 250
const LANES = 2
const MAX_BYTES = 16 << 20
const PARTITION_MAX_BYTES = 4 << 20
const METADATA_EVERY_MS = 5_000
const OFFSET_OUT_OF_RANGE = 1
const METADATA_ERRORS = new Set([3, 5, 6, 74, 75, 100]) // unknown topic/partition, leader not available, not leader, fenced/unknown epoch, unknown topic id

export interface FetcherOptions {
  kafka: Connections['kafka']
  topics: string[]
  clientId: string
  fromBeginning: boolean
  /** Called per partition per response, in offset order; the next response waits for its promise. */
  onChunk: (chunk: FetchedChunk) => void | Promise<void>
  log: (line: string) => void
  /** Which partitions this fetcher reads (several fetchers can share the topics); default all. */
  owns?: (topic: string, partition: number) => boolean
}

type Outcome = { leader: number; parts: TrackedPartition[]; response?: RawFetchResponse; error?: Error }

export class PartitionFetcher {
  readonly #o: FetcherOptions
  readonly #table: PartitionTable
  #consumer: Consumer | null = null
  #version = 0
  #metadataAt = 0
  #stopping = false
  #loop: Promise<void> | null = null
  /** positions to reach before stopping (catch-up), when set */
  #targets: Map<string, number> | null = null
  reconnects = 0
  lastError: string | undefined

  constructor(options: FetcherOptions) {
    this.#o = options
    this.#table = new PartitionTable(options.topics, options.owns ?? (() => true), options.log)
  }

  positions(): PartitionPosition[] {
    return this.#table.positions()
  }

  lag(): number {
    return this.#table.lag()
  }

  /** Lists the start offsets (with retries while Kafka is unreachable) and starts fetching. */
  async start(signal?: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#refresh(true)
        break
      } catch (error) {
        this.#drop(error)
        if (signal?.aborted || attempt >= 10 || this.#version < 0) throw new Error(`Kafka tail: cannot read the topics' offsets: ${this.lastError}`)
        await sleep(Math.min(5_000, 250 * 2 ** attempt))
      }
    }
    this.#loop = Promise.all(Array.from({ length: LANES }, (_, lane) => this.#lane(lane))).then(() => undefined)
  }

  async #refresh(initial: boolean): Promise<void> {
    const client = this.#client()
    if (this.#version <= 0) {
      const fetch = (await client.listApis()).find((a) => a.apiKey === FETCH_API_KEY)
      const picked = pickFetchVersion(fetch?.minVersion ?? 0, fetch?.maxVersion ?? -1)
      if (typeof picked === 'string') {
        this.#version = -1
        throw new Error(picked)
      }
      this.#version = picked
    }
    await this.#table.refresh(client, initial, this.#o.fromBeginning)
    this.#metadataAt = Date.now()
  }

  /** This lane's partitions by leader (a partition without a leader waits for new metadata). */
  #share(lane: number): Map<number, TrackedPartition[]> {
    const byLeader = new Map<number, TrackedPartition[]>()
    let i = 0
    for (const p of this.#table.all()) {
      if (i++ % LANES !== lane) continue
      if (p.leader < 0) {
        this.#metadataAt = 0
        continue
      }
      const list = byLeader.get(p.leader)
      if (list) list.push(p)
      else byLeader.set(p.leader, [p])
    }
    return byLeader
  }

  async #lane(lane: number): Promise<void> {
    let backoff = 250
    let pool: ConnectionPool | null = null
    const inflight = new Map<number, Promise<Outcome>>()
    while (!this.#stopping) {
      try {
        if (lane === 0 && Date.now() - this.#metadataAt > METADATA_EVERY_MS) await this.#refresh(false)
        pool ??= new ConnectionPool(this.#o.clientId, { ...kafkaClientOptions(this.#o.kafka), connectTimeout: 3_000, requestTimeout: 10_000 })
        for (const [leader, parts] of this.#share(lane)) {
          if (!inflight.has(leader)) inflight.set(leader, this.#request(pool, leader, parts))
        }
        if (inflight.size === 0) {
          await sleep(POLL_MS)
          continue
        }
        const outcome = await Promise.race(inflight.values())
        inflight.delete(outcome.leader)
        if (outcome.error) throw outcome.error
        const byId = new Map(outcome.parts.map((p) => [`${p.topicId}:${p.partition}`, p]))
        const clean = await this.#advance(byId, outcome.response!)
        // Pipelining: the next request for this leader goes out before the records are decoded.
        if (clean && !this.#stopping) {
          const parts = this.#share(lane).get(outcome.leader)
          if (parts) inflight.set(outcome.leader, this.#request(pool, outcome.leader, parts))
        }
        await this.#deliver(byId, outcome.response!)
        if (this.#targets && this.#table.reached(this.#targets)) this.#stopping = true
        backoff = 250
      } catch (error) {
        inflight.clear()
        // Whatever was requested past what was handed over is requested again.
        for (const parts of this.#share(lane).values()) for (const p of parts) p.fetchOffset = p.position
        if (this.#stopping) break
        this.#drop(error)
        const p = pool
        pool = null
        if (p) void p.close().catch(() => undefined)
        this.#o.log(`kafka tail: ${this.lastError}; reconnecting in ${backoff} ms`)
        await sleep(backoff)
        backoff = Math.min(5_000, backoff * 2)
      }
    }
    await Promise.allSettled(inflight.values())
    if (pool) await pool.close().catch(() => undefined)
  }

  #request(pool: ConnectionPool, leader: number, parts: TrackedPartition[]): Promise<Outcome> {
    const broker = this.#table.broker(leader)
    if (!broker) {
      this.#metadataAt = 0
      return Promise.resolve({ leader, parts, error: new Error(`no address for broker ${leader} in the metadata`) })
    }
    const byTopic = new Map<string, TrackedPartition[]>()
    for (const p of parts) {
      const list = byTopic.get(p.topicId)
      if (list) list.push(p)
      else byTopic.set(p.topicId, [p])
    }
    const topics = [...byTopic].map(([topicId, ps]) => ({
      topicId,
      partitions: ps.map((p) => ({ partition: p.partition, fetchOffset: BigInt(p.fetchOffset), partitionMaxBytes: PARTITION_MAX_BYTES, currentLeaderEpoch: -1, lastFetchedEpoch: -1 })),
    }))
    const request = { maxWaitMs: POLL_MS, minBytes: 1, maxBytes: MAX_BYTES, isolationLevel: READ_COMMITTED, topics }
    return pool.get(broker)
      .then((connection) => rawFetch(connection, this.#version, request))
      .then(
        (response) => ({ leader, parts, response }),
        (error: unknown) => ({ leader, parts, error: error instanceof Error ? error : new Error(String(error)) }),
      )
  }

  /**
   * Moves each partition's fetch offset past the complete batches of the response and handles
   * partition errors. False when a partition needs attention before the next request.
   */
  async #advance(byId: Map<string, TrackedPartition>, response: RawFetchResponse): Promise<boolean> {
    if (response.errorCode !== 0) throw new Error(`fetch: Kafka error code ${response.errorCode}`)
    let clean = true
    for (const t of response.responses) {
      for (const part of t.partitions) {
        const p = byId.get(`${t.topicId}:${part.partitionIndex}`)
        if (!p) continue
        if (part.errorCode === OFFSET_OUT_OF_RANGE) {
          clean = false
          await this.#table.resetToEarliest(this.#client(), p)
          continue
        }
        if (METADATA_ERRORS.has(part.errorCode)) {
          clean = false
          this.#metadataAt = 0
          continue
        }
        if (part.errorCode !== 0) throw new Error(`fetch ${p.topic}[${p.partition}]: Kafka error code ${part.errorCode}`)
        p.highWatermark = Number(part.lastStableOffset >= 0n ? part.lastStableOffset : part.highWatermark)
        p.fetchOffset = nextFetchOffset(part.records, p.fetchOffset)
      }
    }
    return clean
  }

  async #deliver(byId: Map<string, TrackedPartition>, response: RawFetchResponse): Promise<void> {
    for (const t of response.responses) {
      for (const part of t.partitions) {
        const p = byId.get(`${t.topicId}:${part.partitionIndex}`)
        if (!p || part.errorCode !== 0) continue
        if (part.records && p.fetchOffset > p.position) {
          await this.#o.onChunk({ topic: p.topic, partition: p.partition, records: part.records, from: p.position, aborted: part.abortedTransactions.length ? part.abortedTransactions : null })
        }
        if (p.fetchOffset > p.position) p.position = p.fetchOffset
      }
    }
  }

  #client(): Consumer {
    // The group id is required by the client and never used: the tail joins no group.
    this.#consumer ??= new Consumer({
      ...kafkaClientOptions(this.#o.kafka),
      clientId: this.#o.clientId,
      groupId: `${this.#o.clientId}-never-joined`,
      connectTimeout: 3_000,
      timeout: 10_000,
      retries: 1,
      retryDelay: 200,
    })
    return this.#consumer
  }

  #drop(error: unknown): void {
    this.lastError = redactText((error as Error)?.message ?? String(error))
    this.reconnects++
    const c = this.#consumer
    this.#consumer = null
    this.#metadataAt = 0
    if (c) c.close(true, () => undefined)
  }

  /** Stops fetching; with `catchUp`, first reads up to the committed end offsets of this moment. */
  async stop(catchUp: boolean, timeoutMs: number): Promise<void> {
    if (catchUp && this.#loop && !this.#stopping) {
      try {
        // Partitions added since the last metadata refresh are read too (from their start).
        await this.#refresh(false)
        const targets = await this.#table.endOffsets(this.#client())
        this.#targets = targets
        const deadline = Date.now() + timeoutMs
        while (!this.#stopping && Date.now() < deadline && !this.#table.reached(targets)) await sleep(50)
        if (!this.#table.reached(targets)) this.#o.log(`kafka tail: not caught up after ${timeoutMs} ms; stopping ${this.lag()} records behind`)
      } catch (error) {
        this.#o.log(`kafka tail: could not catch up before stopping: ${redactText((error as Error).message)}`)
      }
    }
    this.#stopping = true
    await this.#loop
    const c = this.#consumer
    this.#consumer = null
    if (c) await new Promise<void>((resolve) => c.close(true, () => resolve()))
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
