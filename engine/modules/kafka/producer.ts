// xk6-kafka's Producer (and its deprecated alias Writer): produce({messages}), flush(), stats(),
// close(). produce() waits for the broker's acknowledgement unless requiredAcks is 0, like v2;
// it returns a promise (the await rule) and never waits past the VU's abort or writeTimeout.
import { ProduceAcks, type MessageToProduce, type Producer as KafkaProducer } from '@platformatic/kafka'
import type { ModuleContext } from '../../host.ts'
import { headerToBuffer, toBuffer } from './bytes.ts'
import { sharedProducer } from './clients.ts'
import { asObject, parseWriterConfig, type WriterSettings } from './config.ts'
import { forbiddenInInit, KafkaError } from './errors.ts'
import { recordBytes } from './messages.ts'
import type { KafkaMetrics } from './metrics.ts'
import { partitionerFor } from './partitioners.ts'
import { bounded } from './wait.ts'

type OutMessage = MessageToProduce<Buffer, Buffer, Buffer, Buffer> & { topic: string; headers: Map<Buffer, Buffer> }

export function producerClass(ctx: ModuleContext, metrics: KafkaMetrics, className: 'Producer' | 'Writer') {
  const call = className.toLowerCase()
  return class Producer {
    readonly #settings: WriterSettings
    readonly #client: KafkaProducer
    readonly #partitioner: ReturnType<typeof partitionerFor>
    readonly #inflight = new Set<Promise<unknown>>()
    #pending = 0
    #closed = false

    constructor(config: unknown) {
      this.#settings = parseWriterConfig(config)
      this.#client = sharedProducer(ctx, this.#settings.cluster)
      this.#partitioner = partitionerFor(this.#settings.balancer)
    }

    produce(config: unknown): Promise<void> {
      if (ctx.inInit()) throw forbiddenInInit(`${call}.produce`)
      const messages = this.#messages(config)
      const work = this.#send(messages)
      this.#inflight.add(work)
      void work.finally(() => this.#inflight.delete(work)).catch(() => undefined)
      return ctx.track(work, `${call}.produce`)
    }

    /** Resolves once every produce() of this object has been acknowledged (or failed). */
    flush(): Promise<void> {
      return ctx.track(Promise.allSettled([...this.#inflight]).then(() => undefined), `${call}.flush`)
    }

    stats(): { pending: number; Pending: number } {
      return { pending: this.#pending, Pending: this.#pending }
    }

    /** Flushes this object; the shared client stays open for other VUs until the engine exits. */
    close(): Promise<void> {
      this.#closed = true
      return ctx.track(Promise.allSettled([...this.#inflight]).then(() => undefined), `${call}.close`)
    }

    #messages(config: unknown): OutMessage[] {
      const raw = asObject(config, 'produce config')
      if (!Array.isArray(raw.messages)) throw new KafkaError('Invalid produce config: messages must be an array')
      return raw.messages.map((m, i) => this.#message(m, i))
    }

    #message(value: unknown, i: number): OutMessage {
      const m = asObject(value, `produce config: messages[${i}]`)
      const topic = typeof m.topic === 'string' && m.topic ? m.topic : this.#settings.topic
      if (!topic) {
        throw new KafkaError(`Invalid producer message: topic must not be empty: set topic in the ${className} config or on messages[${i}]`)
      }
      const headers = new Map<Buffer, Buffer>()
      if (m.headers !== undefined && m.headers !== null) {
        for (const [name, v] of Object.entries(asObject(m.headers, `messages[${i}].headers`))) {
          headers.set(Buffer.from(name, 'utf8'), headerToBuffer(v, name))
        }
      }
      const out: OutMessage = { topic, headers, timestamp: timestampOf(m.time, i) }
      const key = toBuffer(m.key, `messages[${i}].key`)
      const val = toBuffer(m.value, `messages[${i}].value`)
      if (key) out.key = key
      if (val) out.value = val
      // `partition` is ignored on write, as in xk6-kafka: the key (balancer) decides.
      return out
    }

    async #send(messages: OutMessage[]): Promise<void> {
      if (this.#closed) throw new KafkaError('Failed to produce message.', new Error('producer is closed'))
      if (messages.length === 0) return
      const s = this.#settings
      const started = performance.now()
      this.#pending += messages.length
      let failed = false
      try {
        await bounded(this.#sendPerPartition(messages), ctx.vu()?.signal, s.writeTimeoutMs)
      } catch (err) {
        failed = true
        throw new KafkaError('Failed to produce message.', err)
      } finally {
        this.#pending -= messages.length
        metrics.produced({
          topics: groupByTopic(messages),
          elapsedMs: performance.now() - started,
          failed,
          config: {
            acks: s.requiredAcks,
            maxAttempts: s.maxAttempts,
            batchSize: s.batchSize,
            batchTimeoutMs: s.batchTimeoutMs,
            readTimeoutMs: s.readTimeoutMs,
            writeTimeoutMs: s.writeTimeoutMs,
          },
        })
      }
    }

    // One request per partition. The client retries a failed request whole, so a request that
    // spans partitions and half succeeded would be written twice on retry; librdkafka retries
    // per partition, and so do we by never mixing partitions in one request.
    async #sendPerPartition(messages: OutMessage[]): Promise<void> {
      const s = this.#settings
      const topics = [...new Set(messages.map((m) => m.topic))]
      const meta = await this.#client.metadata({ topics, autocreateTopics: s.autoCreateTopic })
      const batches = new Map<string, OutMessage[]>()
      for (const m of messages) {
        const count = meta.topics.get(m.topic)?.partitionsCount ?? 1
        const partition = (this.#partitioner(m, m.key, { metadata: meta }) >>> 0) % count
        const id = `${m.topic}\u0000${partition}`
        const batch = batches.get(id) ?? []
        batch.push({ ...m, partition })
        batches.set(id, batch)
      }
      const acks = s.requiredAcks === -1 ? ProduceAcks.ALL : s.requiredAcks === 0 ? ProduceAcks.NO_RESPONSE : ProduceAcks.LEADER
      await Promise.all(
        [...batches.values()].map((batch) =>
          this.#client.send({
            messages: batch,
            acks,
            ...(s.compression ? { compression: s.compression } : {}),
            autocreateTopics: s.autoCreateTopic,
          }),
        ),
      )
    }
  }
}

function timestampOf(time: unknown, i: number): bigint {
  if (time === undefined || time === null) return BigInt(Date.now())
  if (time instanceof Date && !Number.isNaN(time.getTime())) return BigInt(time.getTime())
  if (typeof time === 'number' && Number.isFinite(time)) return BigInt(Math.trunc(time))
  throw new KafkaError(`Invalid producer message: messages[${i}].time must be a Date`)
}

function groupByTopic(messages: OutMessage[]): Map<string, { messages: number; bytes: number }> {
  const groups = new Map<string, { messages: number; bytes: number }>()
  for (const m of messages) {
    const g = groups.get(m.topic) ?? { messages: 0, bytes: 0 }
    g.messages++
    g.bytes += recordBytes({ key: m.key, value: m.value, headers: m.headers })
    groups.set(m.topic, g)
  }
  return groups
}
