// Reads every partition of the profile's topics by direct assignment: no group is joined and no
// offset committed, so the pipeline's own consumer group never sees the tail (no rebalance, no
// lag entry). Partitions start at the end offsets listed when the tail starts (or at 0 for a
// partition or topic that appears later: all of it is new). A lost broker connection, a leader
// change or a broker restart costs a reconnect with backoff, never a position: offsets are
// kept here, not on the broker.
import { ConnectionPool, Consumer, IS_CONTROL, ListOffsetTimestamps } from '@platformatic/kafka'
import type { Connections } from '../../stack/connections.ts'
import { kafkaClientOptions } from '../../stack/kafka/client-options.ts'
import { redactText } from '../../stack/redact.ts'
import type { RawKafkaRecord } from './record-reader.ts'

export interface FetchedRecord extends RawKafkaRecord {
  topic: string
  partition: number
  offset: bigint
  timestamp: bigint
  logAppendTime: boolean
}

export interface PartitionPosition {
  topic: string
  partition: number
  start: bigint
  position: bigint
  highWatermark: bigint
}

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>

const TIMESTAMP_TYPE_BIT = 0x08
const READ_COMMITTED = 1
const POLL_MS = 250
const FETCH_WORKERS = 6
const METADATA_EVERY_MS = 5_000
const OFFSET_OUT_OF_RANGE = 1
const METADATA_ERRORS = new Set([3, 5, 6, 74, 75, 100]) // unknown topic/partition, leader not available, not leader, fenced/unknown epoch, unknown topic id

export interface FetcherOptions {
  kafka: Connections['kafka']
  topics: string[]
  clientId: string
  fromBeginning: boolean
  onRecords: (records: FetchedRecord[]) => void | Promise<void>
  log: (line: string) => void
  /** Which partitions this fetcher reads (several fetchers can share the topics); default all. */
  owns?: (topic: string, partition: number) => boolean
}

export class PartitionFetcher {
  readonly #o: FetcherOptions
  readonly #parts = new Map<string, PartitionPosition & { topicId: string; leader: number }>()
  readonly #knownTopics = new Set<string>()
  #consumer: Consumer | null = null
  #metadataAt = 0
  #stopping = false
  #loop: Promise<void> | null = null
  reconnects = 0
  lastError: string | undefined
  /** positions to reach before stopping (catch-up), when set */
  #targets: Map<string, bigint> | null = null

  constructor(options: FetcherOptions) {
    this.#o = options
  }

  positions(): PartitionPosition[] {
    return [...this.#parts.values()]
      .map(({ topic, partition, start, position, highWatermark }) => ({ topic, partition, start, position, highWatermark }))
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
  }

  lag(): number {
    let lag = 0n
    for (const p of this.#parts.values()) if (p.highWatermark > p.position) lag += p.highWatermark - p.position
    return Number(lag)
  }

  /** Lists the start offsets (with retries while Kafka is unreachable) and starts fetching. */
  async start(signal?: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#refreshMetadata(true)
        break
      } catch (error) {
        this.#drop(error)
        if (signal?.aborted || attempt >= 10) throw new Error(`Kafka tail: cannot read the topics' offsets: ${this.lastError}`)
        await sleep(Math.min(5_000, 250 * 2 ** attempt))
      }
    }
    this.#loop = this.#run()
  }

  async #run(): Promise<void> {
    // Several fetch loops, each over its own connection and a share of the partitions, so the
    // broker prepares one response while this process decodes another.
    await Promise.all(Array.from({ length: FETCH_WORKERS }, (_, w) => this.#worker(w)))
  }

  async #worker(w: number): Promise<void> {
    let backoff = 250
    let pool: ConnectionPool | null = null
    while (!this.#stopping) {
      try {
        if (w === 0 && Date.now() - this.#metadataAt > METADATA_EVERY_MS) await this.#refreshMetadata(false)
        const byLeader = new Map<number, (PartitionPosition & { topicId: string; leader: number })[]>()
        let i = 0
        for (const p of this.#parts.values()) {
          if (i++ % FETCH_WORKERS !== w || p.leader < 0) continue
          const list = byLeader.get(p.leader) ?? []
          list.push(p)
          byLeader.set(p.leader, list)
        }
        if (byLeader.size === 0) {
          await sleep(POLL_MS)
          if (w === 0) this.#metadataAt = 0
          continue
        }
        pool ??= new ConnectionPool(this.#o.clientId, { ...kafkaClientOptions(this.#o.kafka), connectTimeout: 3_000, requestTimeout: 10_000 })
        for (const [leader, parts] of byLeader) await this.#fetch(leader, parts, pool)
        backoff = 250
      } catch (error) {
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
    if (pool) await pool.close().catch(() => undefined)
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

  async #refreshMetadata(initial: boolean): Promise<void> {
    const client = this.#client()
    const meta = await client.metadata({ topics: this.#o.topics, forceUpdate: true })
    const fresh: { topic: string; partition: number }[] = []
    for (const topic of this.#o.topics) {
      const t = meta.topics.get(topic)
      if (!t) continue
      t.partitions.forEach((p, partition) => {
        if (this.#o.owns && !this.#o.owns(topic, partition)) return
        const key = `${topic}:${partition}`
        const known = this.#parts.get(key)
        if (known) {
          known.leader = p.leader
          known.topicId = t.id
        } else {
          this.#parts.set(key, { topic, partition, start: -1n, position: -1n, highWatermark: -1n, topicId: t.id, leader: p.leader })
          fresh.push({ topic, partition })
        }
      })
    }
    if (fresh.length > 0) {
      // At start: the end offsets (or the beginning). Later: the partition is new, so all of it is.
      const latest = initial && !this.#o.fromBeginning
      const offsets = await client.listOffsets({ topics: [...new Set(fresh.map((f) => f.topic))], timestamp: latest ? ListOffsetTimestamps.LATEST : ListOffsetTimestamps.EARLIEST })
      for (const f of fresh) {
        const value = offsets.get(f.topic)?.[f.partition]
        if (value === undefined) throw new Error(`no offset for ${f.topic}[${f.partition}]`)
        const p = this.#parts.get(`${f.topic}:${f.partition}`)!
        p.start = value
        p.position = value
        p.highWatermark = value
        if (!initial) this.#o.log(`kafka tail: ${f.topic}[${f.partition}] appeared; reading it from offset ${value}`)
      }
    }
    for (const topic of this.#o.topics) {
      if (meta.topics.has(topic)) this.#knownTopics.add(topic)
    }
    this.#metadataAt = Date.now()
  }

  async #fetch(leader: number, parts: (PartitionPosition & { topicId: string })[], connectionPool: ConnectionPool): Promise<void> {
    const byTopic = new Map<string, typeof parts>()
    for (const p of parts) byTopic.set(p.topicId, [...(byTopic.get(p.topicId) ?? []), p])
    let response: FetchResponse
    try {
      response = await this.#client().fetch({
        node: leader,
        topics: [...byTopic].map(([topicId, ps]) => ({
          topicId,
          partitions: ps.map((p) => ({ partition: p.partition, fetchOffset: p.position, partitionMaxBytes: 4 << 20, currentLeaderEpoch: -1, lastFetchedEpoch: -1 })),
        })),
        maxWaitTime: POLL_MS,
        minBytes: 1,
        maxBytes: 8 << 20,
        isolationLevel: READ_COMMITTED,
        connectionPool,
      })
    } catch (error) {
      const partial = (error as { response?: FetchResponse }).response
      if (!partial?.responses) throw error
      response = partial
    }
    const records: FetchedRecord[] = []
    const byId = new Map(parts.map((p) => [`${p.topicId}:${p.partition}`, p]))
    for (const t of response.responses) {
      for (const part of t.partitions) {
        const p = byId.get(`${t.topicId}:${part.partitionIndex}`)
        if (!p) continue
        if (part.errorCode === OFFSET_OUT_OF_RANGE) {
          this.#o.log(`kafka tail: ${p.topic}[${p.partition}] offset ${p.position} is gone (retention?); continuing from the earliest offset`)
          const earliest = await this.#client().listOffsets({ topics: [p.topic], timestamp: ListOffsetTimestamps.EARLIEST })
          p.position = earliest.get(p.topic)?.[p.partition] ?? p.position
          continue
        }
        if (METADATA_ERRORS.has(part.errorCode)) {
          this.#metadataAt = 0
          continue
        }
        if (part.errorCode !== 0) throw new Error(`fetch ${p.topic}[${p.partition}]: Kafka error code ${part.errorCode}`)
        if (part.lastStableOffset >= 0n) p.highWatermark = part.lastStableOffset
        else p.highWatermark = part.highWatermark
        let next = p.position
        for (const batch of part.records ?? []) {
          next = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n
          if (batch.attributes & IS_CONTROL) continue
          const logAppend = (batch.attributes & TIMESTAMP_TYPE_BIT) !== 0
          for (const r of batch.records) {
            const offset = batch.firstOffset + BigInt(r.offsetDelta)
            if (offset < p.position) continue
            records.push({
              topic: p.topic,
              partition: p.partition,
              offset,
              timestamp: logAppend ? batch.maxTimestamp : batch.firstTimestamp + r.timestampDelta,
              logAppendTime: logAppend,
              key: r.key,
              value: r.value,
              headers: r.headers,
            })
          }
        }
        if (next > p.position) p.position = next
      }
    }
    if (records.length > 0) await this.#o.onRecords(records)
    if (this.#targets && this.#reached()) this.#stopping = true
  }

  #reached(): boolean {
    for (const [key, target] of this.#targets!) {
      const p = this.#parts.get(key)
      if (!p || p.position < target) return false
    }
    return true
  }

  /** Stops fetching; with `catchUp`, first reads up to the high watermarks of this moment. */
  async stop(catchUp: boolean, timeoutMs: number): Promise<void> {
    if (catchUp && this.#loop && !this.#stopping) {
      try {
        // Partitions added since the last metadata refresh are read too (from their start).
        await this.#refreshMetadata(false)
        const client = this.#client()
        const known = [...this.#knownTopics]
        const ends = known.length ? await client.listOffsets({ topics: known, timestamp: ListOffsetTimestamps.LATEST, isolationLevel: READ_COMMITTED }) : new Map<string, bigint[]>()
        const targets = new Map<string, bigint>()
        for (const [topic, list] of ends) {
          list.forEach((end, partition) => {
            if (!this.#o.owns || this.#o.owns(topic, partition)) targets.set(`${topic}:${partition}`, end)
          })
        }
        this.#targets = targets
        const deadline = Date.now() + timeoutMs
        while (!this.#stopping && Date.now() < deadline && !this.#reached()) await sleep(50)
        if (!this.#reached()) this.#o.log(`kafka tail: not caught up after ${timeoutMs} ms; stopping ${this.lag()} records behind`)
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
