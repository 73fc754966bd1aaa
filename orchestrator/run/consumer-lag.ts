// "Quiesce first" (pipeline-anchors.md §5): MongoDB holding every event document is not yet the
// end of the pipeline's work; the reference processor writes the projections after the event
// documents in a consumer group of its own (`<group>-projections`). So the drain also waits
// until the pipeline's consumer groups have committed every record that was in the topic.
import { Admin } from '@platformatic/kafka'
import type { Connections } from '../../stack/connections.ts'

function split(key: string): [string, number] {
  const i = key.lastIndexOf(':')
  return [key.slice(0, i), Number(key.slice(i + 1))]
}

export class ConsumerLag {
  readonly #admin: Admin

  constructor(
    kafka: Connections['kafka'],
    private readonly groups: string[],
    private readonly topics: string[],
  ) {
    this.#admin = new Admin({
      clientId: 'eventload-drain',
      bootstrapBrokers: kafka.brokers,
      ...(kafka.ssl ? { tls: {} } : {}),
      ...(kafka.sasl ? { sasl: { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: kafka.sasl.password } } : {}),
      connectTimeout: 3000,
      timeout: 10_000,
      retries: 2,
    })
  }

  /** End offset of every partition now ("topic:partition" -> offset). */
  async ends(): Promise<Map<string, bigint>> {
    const meta = await this.#admin.metadata({ topics: this.topics })
    const request = this.topics.map((name) => ({
      name,
      partitions: Array.from({ length: meta.topics.get(name)?.partitionsCount ?? 0 }, (_, i) => ({ partitionIndex: i, timestamp: -1n })), // -1 = latest
    }))
    const out = new Map<string, bigint>()
    for (const t of await this.#admin.listOffsets({ topics: request })) for (const p of t.partitions) out.set(`${t.name}:${p.partitionIndex}`, p.offset)
    return out
  }

  /**
   * Records before `ends` the group has not committed yet. Records other runs append later do
   * not count, so a shared topic under someone else's load still settles.
   */
  async lagUntil(ends: Map<string, bigint>): Promise<number> {
    let lag = 0n
    for (const group of await this.#admin.listConsumerGroupOffsets({ groups: this.groups })) {
      const committed = (topic: string, partition: number) =>
        group.topics.find((g) => g.name === topic)?.partitions.find((x) => x.partitionIndex === partition)?.committedOffset ?? -1n
      // A group that never committed on these topics is not part of this pipeline (e.g. the
      // processor runs with --no-projections): it is not waited for.
      if (![...ends.keys()].some((k) => committed(...split(k)) >= 0n)) continue
      for (const [key, end] of ends) {
        const c = committed(...split(key))
        if (end > c) lag += end - (c < 0n ? 0n : c)
      }
    }
    return Number(lag)
  }

  close(): Promise<void> {
    return this.#admin.close()
  }
}
