// The consumer part: a consumer group member that writes batches to MongoDB and commits a
// partition's offset only after MongoDB acknowledged everything before it. A MongoDB error
// retries the same batch (writes are idempotent); a Kafka error restarts the session, which
// resumes from the committed offsets.
import { Consumer, stringDeserializers, type Message, type MessagesStream } from '@platformatic/kafka'
import type { Db } from 'mongodb'
import { exponentialBackoff, sleep } from '../backoff.ts'
import type { ProcessorConfig } from '../config.ts'
import { ensureTopic, kafkaClientOptions } from '../kafka.ts'
import { asError, errorText, type Logger } from '../log.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import type { BatchWriter } from './batch-writer.ts'

type Record_ = Message<string, string, string, string>
const LAG_INTERVAL_MS = 5_000

export class EventConsumer {
  readonly #config: ProcessorConfig
  readonly #metrics: ProcessorMetrics
  readonly #log: Logger
  readonly #db: Db
  readonly #writer: BatchWriter
  readonly #abort = new AbortController()
  #loop: Promise<void> | null = null
  #consumer: Consumer<string, string, string, string> | null = null
  #streaming = false
  #lastError: string | null = null
  #lagTimer: NodeJS.Timeout | null = null

  constructor(config: ProcessorConfig, deps: { metrics: ProcessorMetrics; log: Logger; db: Db; writer: BatchWriter }) {
    this.#config = config
    this.#metrics = deps.metrics
    this.#log = deps.log
    this.#db = deps.db
    this.#writer = deps.writer
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
    let indexed = false
    while (!signal.aborted) {
      try {
        if (!indexed) {
          await this.#ensureIndexes()
          indexed = true
        }
        await ensureTopic(this.#config.connections.kafka, this.#config.clientId, this.#config.topic, this.#config.partitions)
        await this.#session(() => backoff.reset())
      } catch (error) {
        if (signal.aborted) break
        this.#lastError = errorText(error)
        this.#metrics.restarts.inc({ part: 'consumer' })
        const wait = backoff.next()
        this.#log(`session ended: ${this.#lastError}; retrying in ${wait} ms`)
        await sleep(wait, signal)
      }
    }
  }

  async #ensureIndexes(): Promise<void> {
    const events = this.#db.collection(this.#config.collection)
    await events.createIndex({ run_id: 1 })
    await events.createIndex({ event_id: 1 })
  }

  async #session(onProgress: () => void): Promise<void> {
    const signal = this.#abort.signal
    const { batchSize, lingerMs } = this.#config
    const consumer = new Consumer<string, string, string, string>({
      ...kafkaClientOptions(this.#config.connections.kafka, `${this.#config.clientId}-consumer`),
      groupId: this.#config.group,
      deserializers: stringDeserializers,
      autocommit: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    })
    this.#consumer = consumer
    let stream: MessagesStream<string, string, string, string> | null = null
    const buffer: Record_[] = []
    let failure: unknown = null
    let wake: (() => void) | null = null
    const notify = () => {
      wake?.()
      wake = null
    }
    const onAbort = () => notify()
    signal.addEventListener('abort', onAbort)
    try {
      stream = await consumer.consume({
        topics: [this.#config.topic],
        mode: 'committed',
        fallbackMode: 'earliest',
        autocommit: false,
        minBytes: 1,
        maxWaitTime: 100,
      })
      stream.on('data', (message: Record_) => {
        buffer.push(message)
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
      if (this.#lastError !== null) this.#log('consumer session restarted')
      this.#lastError = null

      while (!signal.aborted && failure === null) {
        if (buffer.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, 1_000).unref()
          })
          continue
        }
        if (buffer.length < batchSize && lingerMs > 0) await sleep(lingerMs)
        const batch = buffer.splice(0, batchSize)
        if (stream.isPaused() && buffer.length < batchSize * 2) stream.resume()
        const end = this.#metrics.writeBatch.startTimer()
        // Once a batch is in hand it is finished even during shutdown, so its offsets get committed.
        await this.#writeUntilDone(batch)
        await commit(batch)
        end()
        onProgress()
      }
      if (failure !== null && !signal.aborted) throw asError(failure)
    } finally {
      signal.removeEventListener('abort', onAbort)
      this.#streaming = false
      this.#consumer = null
      await stream?.close().catch(() => undefined)
      // force: do not wait for in-flight fetches; the group is left either way.
      await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
    }
  }

  async #writeUntilDone(batch: readonly Record_[]): Promise<void> {
    const backoff = exponentialBackoff()
    const records = batch.map((m) => ({ topic: m.topic, partition: m.partition, offset: m.offset, timestamp: m.timestamp, value: m.value }))
    const deadline = () => this.#abort.signal.aborted
    let abortedAt: number | null = null
    for (;;) {
      try {
        await this.#writer.write(records)
        if (this.#lastError !== null) this.#log('MongoDB writes resumed')
        this.#lastError = null
        return
      } catch (error) {
        this.#lastError = errorText(error)
        if (deadline()) {
          abortedAt ??= Date.now()
          // Shutting down with MongoDB away: give up after a grace period; the batch stays
          // uncommitted and is consumed again on the next start.
          if (Date.now() - abortedAt > 10_000) throw error
        }
        const wait = backoff.next()
        this.#log(`MongoDB write failed: ${this.#lastError}; retrying the batch in ${wait} ms`)
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
          if (value >= 0n) this.#metrics.consumerLag.set({ topic, partition: String(partition) }, Number(value))
        })
      }
    } catch {
      // Kafka away: the session reports it; keep the last values.
    }
  }
}

/** Commits, per partition, the offset after the batch's last record of that partition. */
async function commit(batch: readonly Record_[]): Promise<void> {
  const last = new Map<string, Record_>()
  for (const m of batch) last.set(`${m.topic}:${m.partition}`, m)
  await Promise.all([...last.values()].map((m) => new Promise<void>((resolve, reject) => {
          void m.commit((e) => (e ? reject(e) : resolve()))
        })))
}

