// xk6-kafka's Consumer (and its deprecated alias Reader). consume() collects `maxMessages`
// (or `limit`, default 1) messages, each allowed `maxWait` (default 5s) to arrive, as v2 does;
// when one does not arrive it returns what it has if `expectTimeout` is set and throws
// otherwise. It never waits past that, nor past the VU's abort.
import type { ModuleContext } from '../../host.ts'
import { CLIENT_ID, sharedFetchClient } from './clients.ts'
import { asObject, parseReaderConfig, type ReaderSettings } from './config.ts'
import { forbiddenInInit, KafkaError } from './errors.ts'
import { GROUP_QUEUE_CAPACITY, sharedGroupReader, type GroupReader } from './group-reader.ts'
import { recordBytes, toScriptMessage, type ConsumedRecord, type ScriptMessage } from './messages.ts'
import type { ConsumeReport, KafkaMetrics } from './metrics.ts'
import { OFFSET_INVALID, PartitionReader } from './partition-reader.ts'
import { WaitInterrupted } from './wait.ts'

/** xk6-kafka v2 gives the first message of a consume this long at least (startup grace). */
const STARTUP_GRACE_MS = 1_500

export function consumerClass(ctx: ModuleContext, metrics: KafkaMetrics, className: 'Consumer' | 'Reader') {
  const call = className.toLowerCase()
  return class Consumer {
    readonly #s: ReaderSettings
    readonly #partition: PartitionReader | undefined
    readonly #group: GroupReader | undefined
    #closed = false

    constructor(config: unknown) {
      this.#s = parseReaderConfig(config)
      if (this.#s.groupId !== undefined) {
        this.#group = sharedGroupReader(ctx, this.#s)
        this.#group.start()
      } else {
        this.#partition = new PartitionReader(sharedFetchClient(ctx, this.#s.cluster), this.#s)
      }
    }

    consume(config: unknown): Promise<ScriptMessage[]> {
      if (ctx.inInit()) throw forbiddenInInit(`${call}.consume`)
      const c = asObject(config, 'consume config')
      const limit = positive(c.maxMessages) ?? positive(c.limit) ?? 1
      const work = this.#consume(limit, c.expectTimeout === true, c.nanoPrecision === true)
      return ctx.track(work, `${call}.consume`)
    }

    seek(partition: unknown, offset: unknown): Promise<void> {
      if (typeof partition !== 'number' || typeof offset !== 'number') throw new KafkaError('seek(partition, offset) takes two numbers')
      if (!this.#partition) throw new KafkaError('Seeking a consumer group is not supported by the node engine: seek() works on a Consumer with topic + partition')
      if (partition !== this.#s.partition) {
        throw new KafkaError(`Failed to seek consumer offset., OriginalError: partition ${partition} is not assigned (this consumer reads partition ${this.#s.partition})`)
      }
      this.#partition.seek(BigInt(Math.trunc(offset)))
      return ctx.track(Promise.resolve(), `${call}.seek`)
    }

    position(partition: unknown): number {
      if (typeof partition !== 'number') throw new KafkaError('position(partition) takes a number')
      if (this.#partition) return Number(partition === this.#s.partition ? this.#partition.position() : OFFSET_INVALID)
      return Number(this.#group?.position(partition) ?? OFFSET_INVALID)
    }

    commitOffsets(): Promise<void> {
      const work = this.#group
        ? this.#group.commit().catch((err: unknown) => {
            throw new KafkaError('Failed to commit consumer offsets.', err)
          })
        : Promise.resolve()
      return ctx.track(work, `${call}.commitOffsets`)
    }

    stats(): { assignments: number; Assignments: number } {
      const n = this.#group ? this.#group.assignments : 1
      return { assignments: n, Assignments: n }
    }

    /** Ends this VU's reads; the shared group member leaves the group when the engine exits. */
    close(): Promise<void> {
      this.#closed = true
      return ctx.track(Promise.resolve(), `${call}.close`)
    }

    async #consume(limit: number, expectTimeout: boolean, nanoPrecision: boolean): Promise<ScriptMessage[]> {
      if (this.#closed) throw new KafkaError('Failed to consume message.', new Error('consumer is closing'))
      const signal = ctx.vu()?.signal
      const started = performance.now()
      const records: ConsumedRecord[] = []
      let waitMs = 0
      let outcome: ConsumeReport['outcome'] = 'ok'
      let failure: unknown
      try {
        while (records.length < limit) {
          const budget = records.length === 0 ? Math.max(this.#s.maxWaitMs, STARTUP_GRACE_MS) : this.#s.maxWaitMs
          const t0 = performance.now()
          const record = await this.#next(t0 + budget, signal)
          waitMs += performance.now() - t0
          if (!record) {
            outcome = 'timeout'
            break
          }
          records.push(record)
        }
      } catch (err) {
        outcome = 'error'
        failure = err
      }
      this.#report(records, performance.now() - started, waitMs, outcome)
      if (outcome === 'error') {
        const message = failure instanceof WaitInterrupted ? 'Consumer context cancelled.' : 'Failed to consume message.'
        throw new KafkaError(message, failure)
      }
      if (outcome === 'timeout' && !expectTimeout) {
        throw new KafkaError(
          `Consumer context cancelled. (${records.length} of ${limit} messages within maxWait ${this.#s.maxWaitMs}ms; pass expectTimeout: true to get the messages read so far instead of this error)`,
          new WaitInterrupted('timeout'),
        )
      }
      return records.map((r) => toScriptMessage(r, nanoPrecision))
    }

    #next(deadline: number, signal: AbortSignal | undefined): Promise<ConsumedRecord | null> {
      if (this.#partition) return this.#partition.next(deadline, signal)
      return (this.#group as GroupReader).next(deadline, signal)
    }

    #report(records: ConsumedRecord[], elapsedMs: number, waitMs: number, outcome: ConsumeReport['outcome']): void {
      const partitions: ConsumeReport['partitions'] = new Map()
      for (const r of records) {
        const key = `${r.topic}:${r.partition}`
        const g = partitions.get(key) ?? { topic: r.topic, partition: r.partition, messages: 0, bytes: 0, lastOffset: -1, highWaterMark: -1 }
        g.messages++
        g.bytes += recordBytes(r)
        g.lastOffset = Number(r.offset)
        g.highWaterMark = Number(r.highWaterMark)
        partitions.set(key, g)
      }
      metrics.consumed({
        partitions,
        fallbackTopic: this.#s.topic || (this.#s.groupTopics[0] ?? ''),
        clientId: CLIENT_ID,
        fetches: this.#partition?.takeFetches(),
        elapsedMs,
        waitMs,
        outcome,
        queueLength: this.#partition?.queueLength ?? this.#group?.queueLength ?? 0,
        queueCapacity: this.#group ? GROUP_QUEUE_CAPACITY : undefined,
        config: { minBytes: this.#s.minBytes, maxBytes: this.#s.maxBytes, maxWaitMs: this.#s.maxWaitMs },
      })
    }
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}
