// A consumer group member that hands batches of records to a writer and commits each
// partition's offset only after the writer finished (MongoDB acknowledged). A writer error
// retries the same batch with backoff (writers are idempotent); a Kafka error ends the
// session and a new one resumes from the committed offsets. Used twice: for the `events`
// collection and, as a group of its own, for the projections.
import { Consumer, stringDeserializers, type Message, type MessagesStream } from '@platformatic/kafka'
import { exponentialBackoff, giveWay, sleep } from '../backoff.ts'
import type { ProcessorConfig } from '../config.ts'
import { ensureTopic, kafkaClientOptions } from '../kafka.ts'
import { asError, errorText, retryReporter, type Logger } from '../log.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import type { RawRecord } from './raw-record.ts'

type KafkaRecord = Message<string, string, string, string>
const LAG_INTERVAL_MS = 5_000
/** How long a shutdown waits for MongoDB to come back before leaving a batch uncommitted. */
const SHUTDOWN_WRITE_GRACE_MS = 10_000

export interface BatchHandler {
  /** Prepares the store once (indexes); retried like a write. */
  prepare?(): Promise<void>
  write(records: readonly RawRecord[]): Promise<void>
  /** Partitions were (re)assigned to this member: drop state that assumed the old assignment. */
  reset?(): void
}

export interface GroupConsumerOptions {
  readonly metrics: ProcessorMetrics
  readonly log: Logger
  readonly handler: BatchHandler
  /** default: the config's batch size and linger */
  readonly batchSize?: number
  readonly lingerMs?: number
  /**
   * Lower priority: while this returns true (the other consumer has work), wait up to
   * `maxYieldMs` before writing a batch, so both do not contend for the store at once.
   */
  readonly yieldTo?: () => boolean
  readonly maxYieldMs?: number
}

export class GroupConsumer {
  readonly #config: ProcessorConfig
  readonly #options: GroupConsumerOptions
  readonly #group: string
  readonly #metrics: ProcessorMetrics
  readonly #handler: BatchHandler
  readonly #abort = new AbortController()
  #loop: Promise<void> | null = null
  #consumer: Consumer<string, string, string, string> | null = null
  #streaming = false
  #lastError: string | null = null
  #lagTimer: NodeJS.Timeout | null = null
  #pending = 0
  readonly #sessionRetries: ReturnType<typeof retryReporter>
  readonly #writeRetries: ReturnType<typeof retryReporter>

  constructor(config: ProcessorConfig, group: string, options: GroupConsumerOptions) {
    this.#config = config
    this.#options = options
    this.#group = group
    this.#metrics = options.metrics
    this.#handler = options.handler
    this.#sessionRetries = retryReporter(options.log)
    this.#writeRetries = retryReporter(options.log)
  }

  /** Records received and not yet written. */
  get busy(): boolean {
    return this.#pending > 0
  }

  start(): void {
    this.#loop = this.#run()
    this.#lagTimer = setInterval(() => void this.#pollLag(), LAG_INTERVAL_MS)
  }

  health(): { ok: boolean; detail: string } {
    if (this.#streaming && this.#lastError === null) return { ok: true, detail: 'consuming' }
    return { ok: false, detail: this.#lastError ?? 'starting' }
  }

  /** Finishes the batch in hand (write + commit), then leaves the group. */
  async stop(): Promise<void> {
    this.#abort.abort()
    if (this.#lagTimer) clearInterval(this.#lagTimer)
    await this.#loop
  }

  async #run(): Promise<void> {
    const backoff = exponentialBackoff()
    const signal = this.#abort.signal
    let prepared = false
    while (!signal.aborted) {
      try {
        if (!prepared) {
          await this.#handler.prepare?.()
          prepared = true
        }
        await ensureTopic(this.#config.connections.kafka, this.#config.clientId, this.#config.topic, this.#config.partitions)
        await this.#session(() => {
          backoff.reset()
          this.#sessionRetries.recovered('consuming again')
        })
      } catch (error) {
        if (signal.aborted) break
        this.#lastError = errorText(error)
        this.#metrics.restarts.inc({ part: this.#group })
        const wait = backoff.next()
        this.#sessionRetries.failed(`session ended: ${this.#lastError}`, wait)
        await sleep(wait, signal)
      }
    }
  }

  async #session(onProgress: () => void): Promise<void> {
    const signal = this.#abort.signal
    const batchSize = this.#options.batchSize ?? this.#config.batchSize
    const lingerMs = this.#options.lingerMs ?? this.#config.lingerMs
    const consumer = new Consumer<string, string, string, string>({
      ...kafkaClientOptions(this.#config.connections.kafka, `${this.#config.clientId}-${this.#group}`),
      groupId: this.#group,
      deserializers: stringDeserializers,
      autocommit: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    })
    this.#consumer = consumer
    this.#handler.reset?.()
    consumer.on('consumer:group:join', () => this.#handler.reset?.())
    let stream: MessagesStream<string, string, string, string> | null = null
    const buffer: KafkaRecord[] = []
    let failure: unknown = null
    let wake: (() => void) | null = null
    const notify = () => {
      wake?.()
      wake = null
    }
    signal.addEventListener('abort', notify)
    try {
      stream = await consumer.consume({
        topics: [this.#config.topic],
        mode: 'committed',
        fallbackMode: 'earliest',
        autocommit: false,
        minBytes: 1,
        maxWaitTime: 100,
      })
      stream.on('data', (message: KafkaRecord) => {
        buffer.push(message)
        this.#pending++
        if (buffer.length >= batchSize * 4) stream?.pause()
        notify()
      })
      stream.on('error', (error: Error) => {
        failure ??= error
        notify()
      })
      stream.on('close', () => {
        failure ??= new Error('the Kafka message stream closed')
        notify()
      })
      this.#streaming = true
      this.#lastError = null

      // The commit of batch N overlaps the write of batch N+1: it was issued only after
      // batch N's write was acknowledged, which is all at-least-once needs.
      let committing: Promise<void> = Promise.resolve()
      while (!signal.aborted && failure === null) {
        if (buffer.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, 1_000).unref()
          })
          continue
        }
        if (buffer.length < batchSize && lingerMs > 0) await sleep(lingerMs)
        await this.#yield()
        const batch = buffer.splice(0, batchSize)
        if (stream.isPaused() && buffer.length < batchSize * 2) stream.resume()
        const end = this.#metrics.writeBatch.startTimer({ group: this.#group })
        // A batch in hand is finished even during shutdown, so its offsets get committed.
        await this.#writeUntilDone(batch)
        this.#pending -= batch.length
        end()
        await committing
        committing = commit(batch).catch((error: unknown) => {
          failure ??= error
          notify()
        })
        onProgress()
      }
      await committing
      if (failure !== null && !signal.aborted) throw asError(failure)
    } finally {
      signal.removeEventListener('abort', notify)
      this.#pending = 0
      this.#streaming = false
      this.#consumer = null
      await stream?.close().catch(() => undefined)
      // force: do not wait for in-flight fetches; the group is left either way.
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    }
  }

  async #yield(): Promise<void> {
    const { yieldTo, maxYieldMs = 1_000 } = this.#options
    if (!yieldTo) return
    await giveWay(yieldTo, maxYieldMs, this.#abort.signal, 20)
  }

  async #writeUntilDone(batch: readonly KafkaRecord[]): Promise<void> {
    const backoff = exponentialBackoff()
    const records = batch.map((m) => ({ topic: m.topic, partition: m.partition, offset: m.offset, timestamp: m.timestamp, value: m.value }))
    let shutdownSince: number | null = null
    for (;;) {
      try {
        await this.#handler.write(records)
        this.#writeRetries.recovered('MongoDB writes resumed')
        this.#lastError = null
        return
      } catch (error) {
        this.#lastError = errorText(error)
        if (this.#abort.signal.aborted) {
          // Shutting down with MongoDB away: the batch stays uncommitted and is consumed
          // again on the next start.
          shutdownSince ??= Date.now()
          if (Date.now() - shutdownSince > SHUTDOWN_WRITE_GRACE_MS) throw error
        }
        const wait = backoff.next()
        this.#writeRetries.failed(`MongoDB write failed: ${this.#lastError}`, wait)
        await sleep(wait)
      }
    }
  }

  async #pollLag(): Promise<void> {
    const consumer = this.#consumer
    if (!consumer) return
    try {
      const lag = await consumer.getLag({ topics: [this.#config.topic] })
      for (const [topic, partitions] of lag) {
        partitions.forEach((value, partition) => {
          if (value >= 0n) this.#metrics.consumerLag.set({ group: this.#group, topic, partition: String(partition) }, Number(value))
        })
      }
    } catch {
      // Kafka away: the session reports it; the gauges keep their last values.
    }
  }
}

/** Commits, per partition, the offset after the batch's last record of that partition. */
async function commit(batch: readonly KafkaRecord[]): Promise<void> {
  const last = new Map<string, KafkaRecord>()
  for (const m of batch) last.set(`${m.topic}:${m.partition}`, m)
  await Promise.all(
    [...last.values()].map(
      (m) =>
        new Promise<void>((resolve, reject) => {
          void m.commit((e) => (e ? reject(e) : resolve()))
        }),
    ),
  )
}
