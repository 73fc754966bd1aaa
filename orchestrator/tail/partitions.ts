// The tail's own positions: every partition of the profile's topics that this fetcher owns, with
// its leader and where reading stands. Kept here, never on the broker (no group, no commits), so
// a reconnect or a broker restart costs no position. Partitions start at the end offsets listed
// when the tail starts (or the beginning, on request); a partition or topic that appears later is
// read from its earliest offset, because all of it is new.
import { type Broker, type Consumer, ListOffsetTimestamps } from '@platformatic/kafka'

export interface PartitionPosition {
  topic: string
  partition: number
  start: number
  /** next offset whose records were handed over (what the tail has read) */
  position: number
  highWatermark: number
}

export interface TrackedPartition extends PartitionPosition {
  key: string
  topicId: string
  leader: number
  /** next offset to request; ahead of `position` while a response is being decoded */
  fetchOffset: number
}

export const READ_COMMITTED = 1

export class PartitionTable {
  readonly #parts = new Map<string, TrackedPartition>()
  readonly #brokers = new Map<number, Broker>()
  readonly #knownTopics = new Set<string>()

  constructor(
    readonly topics: string[],
    readonly owns: (topic: string, partition: number) => boolean,
    readonly log: (line: string) => void,
  ) {}

  all(): IterableIterator<TrackedPartition> {
    return this.#parts.values()
  }

  get(key: string): TrackedPartition | undefined {
    return this.#parts.get(key)
  }

  broker(node: number): Broker | undefined {
    return this.#brokers.get(node)
  }

  positions(): PartitionPosition[] {
    return [...this.#parts.values()]
      .map(({ topic, partition, start, position, highWatermark }) => ({ topic, partition, start, position, highWatermark }))
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
  }

  lag(): number {
    let lag = 0
    for (const p of this.#parts.values()) if (p.highWatermark > p.position) lag += p.highWatermark - p.position
    return lag
  }

  /**
   * Reads leaders and brokers; lists the start offset of partitions not seen before: at the first
   * call the end offsets (or the beginning with `fromBeginning`), later the earliest.
   */
  async refresh(client: Consumer, initial: boolean, fromBeginning: boolean): Promise<void> {
    const meta = await client.metadata({ topics: this.topics, forceUpdate: true })
    for (const [node, broker] of meta.brokers) this.#brokers.set(node, { host: broker.host, port: broker.port })
    const fresh: { topic: string; partition: number; topicId: string; leader: number }[] = []
    for (const topic of this.topics) {
      const t = meta.topics.get(topic)
      if (!t) continue
      this.#knownTopics.add(topic)
      t.partitions.forEach((p, partition) => {
        if (!this.owns(topic, partition)) return
        const known = this.#parts.get(`${topic}:${partition}`)
        if (known) {
          known.leader = p.leader
          known.topicId = t.id
        } else fresh.push({ topic, partition, topicId: t.id, leader: p.leader })
      })
    }
    if (fresh.length === 0) return
    const latest = initial && !fromBeginning
    const offsets = await client.listOffsets({ topics: [...new Set(fresh.map((f) => f.topic))], timestamp: latest ? ListOffsetTimestamps.LATEST : ListOffsetTimestamps.EARLIEST })
    for (const f of fresh) {
      const found = offsets.get(f.topic)?.[f.partition]
      if (found === undefined) throw new Error(`no offset for ${f.topic}[${f.partition}]`)
      const value = Number(found)
      const key = `${f.topic}:${f.partition}`
      // Added only now that its start is known, so no fetch ever goes out without a position.
      this.#parts.set(key, { ...f, key, start: value, position: value, fetchOffset: value, highWatermark: value })
      if (!initial) this.log(`kafka tail: ${f.topic}[${f.partition}] appeared; reading it from offset ${value}`)
    }
  }

  /** Retention removed the data at the position: continue at the earliest offset still there. */
  async resetToEarliest(client: Consumer, p: TrackedPartition): Promise<void> {
    this.log(`kafka tail: ${p.topic}[${p.partition}] offset ${p.fetchOffset} is gone (retention?); continuing from the earliest offset`)
    const earliest = await client.listOffsets({ topics: [p.topic], timestamp: ListOffsetTimestamps.EARLIEST })
    const value = earliest.get(p.topic)?.[p.partition]
    if (value !== undefined) p.fetchOffset = p.position = Number(value)
  }

  /** The committed end offsets of every owned partition at this moment (catch-up targets). */
  async endOffsets(client: Consumer): Promise<Map<string, number>> {
    const known = [...this.#knownTopics]
    const ends = known.length ? await client.listOffsets({ topics: known, timestamp: ListOffsetTimestamps.LATEST, isolationLevel: READ_COMMITTED }) : new Map<string, bigint[]>()
    const targets = new Map<string, number>()
    for (const [topic, list] of ends) {
      list.forEach((end, partition) => {
        if (this.owns(topic, partition)) targets.set(`${topic}:${partition}`, Number(end))
      })
    }
    return targets
  }

  reached(targets: Map<string, number>): boolean {
    for (const [key, target] of targets) {
      const p = this.#parts.get(key)
      if (!p || p.position < target) return false
    }
    return true
  }
}
