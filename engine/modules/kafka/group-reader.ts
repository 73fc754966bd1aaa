// A Consumer with groupId + groupTopics. xk6-kafka makes every VU's Consumer its own group
// member (rebalances whenever VUs start, its FAQ #4); here one member per process and group
// config serves all VUs: a single message stream, handed out message by message to whichever
// VU is waiting. As in v2 (enable.auto.commit=false), offsets are committed only by
// commitOffsets(), which commits what has been handed out to the VUs of this process.
import { Consumer, ListOffsetTimestamps, type Message, type MessagesStream } from '@platformatic/kafka'
import type { ModuleContext } from '../../host.ts'
import { baseOptions } from './clients.ts'
import type { ReaderSettings } from './config.ts'
import type { ConsumedRecord } from './messages.ts'
import { WaitInterrupted } from './wait.ts'

/** Messages the shared stream prefetches ahead of the VUs. */
export const GROUP_QUEUE_CAPACITY = 256
const FETCH_WAIT_MS = 500
const HWM_REFRESH_MS = 1_000
const CLOSE_TIMEOUT_MS = 10_000

interface Waiter {
  settle(message: Message | null, error?: Error): void
}

export class GroupReader {
  readonly consumer: Consumer
  #stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined
  #starting: Promise<void> | undefined
  #error: Error | undefined
  readonly #waiters: Waiter[] = []
  readonly #delivered = new Map<string, Message>()
  readonly #hwm = new Map<string, bigint[]>()
  #hwmFetchedAt = 0
  #hwmRefresh: Promise<void> | undefined

  constructor(private readonly s: ReaderSettings) {
    const session = s.sessionTimeoutMs ?? 45_000
    this.consumer = new Consumer({
      ...baseOptions(s.cluster),
      groupId: s.groupId as string,
      autocommit: false,
      sessionTimeout: session,
      heartbeatInterval: Math.min(s.heartbeatIntervalMs ?? 3_000, session),
      rebalanceTimeout: Math.max(s.rebalanceTimeoutMs ?? 0, session),
      minBytes: s.minBytes,
      maxBytes: s.maxBytes,
      maxWaitTime: FETCH_WAIT_MS,
      isolationLevel: s.isolationLevel,
      highWaterMark: GROUP_QUEUE_CAPACITY,
    })
  }

  /** Joins the group (once); a failure is reported by the next consume(). */
  start(): void {
    if (this.#starting) return
    this.#starting = this.#open().catch((err: unknown) => {
      this.#fail(err instanceof Error ? err : new Error(String(err)))
    })
  }

  get queueLength(): number {
    return this.#stream?.readableLength ?? 0
  }

  get assignments(): number {
    return (this.consumer.assignments ?? []).reduce((n, a) => n + a.partitions.length, 0)
  }

  /** Offset after the last message handed out on `partition` of the (single) group topic. */
  position(partition: number): bigint | undefined {
    const m = this.#delivered.get(`${this.s.groupTopics[0]}:${partition}`)
    return m ? m.offset + 1n : undefined
  }

  async #open(): Promise<void> {
    const stream = await this.consumer.consume({
      topics: this.s.groupTopics,
      mode: 'committed',
      fallbackMode: this.s.start.kind === 'last' ? 'latest' : 'earliest',
      autocommit: false,
      maxWaitTime: FETCH_WAIT_MS,
    })
    stream.on('readable', () => this.#pump())
    stream.on('error', (err: Error) => this.#fail(err))
    stream.on('close', () => this.#fail(new Error('the consumer group stream closed')))
    this.#stream = stream
    this.#refreshHighWaterMarks()
    this.#pump()
  }

  /** The next message for this process, or null when none arrives before `deadline`. */
  next(deadline: number, signal: AbortSignal | undefined): Promise<ConsumedRecord | null> {
    this.start()
    if (this.#error) return Promise.reject(this.#error)
    if (this.#stream) this.#refreshHighWaterMarks()
    return new Promise<Message | null>((resolve, reject) => {
      const waiter: Waiter = {
        settle: (message, error) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          const i = this.#waiters.indexOf(waiter)
          if (i >= 0) this.#waiters.splice(i, 1)
          if (error) reject(error)
          else resolve(message)
        },
      }
      const onAbort = (): void => waiter.settle(null, new WaitInterrupted('canceled'))
      const timer = setTimeout(() => waiter.settle(null), Math.max(0, deadline - performance.now()))
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.push(waiter)
      this.#pump()
    }).then((m) => (m ? this.#toRecord(m) : null))
  }

  /** Commits, per partition, the offset after the last message handed out. */
  async commit(): Promise<void> {
    const last = [...this.#delivered.values()]
    await Promise.all(
      last.map(
        (m) =>
          new Promise<void>((resolve, reject) => {
            void m.commit((err) => (err ? reject(err) : resolve()))
          }),
      ),
    )
  }

  async close(): Promise<void> {
    const stream = this.#stream
    const closing = (async () => {
      if (stream) await stream.close()
      await new Promise<void>((resolve) => this.consumer.close(true, () => resolve()))
    })()
    let timer: NodeJS.Timeout | undefined
    await Promise.race([closing, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))])
    clearTimeout(timer)
  }

  #pump(): void {
    const stream = this.#stream
    if (!stream) return
    while (this.#waiters.length > 0) {
      const message = stream.read() as Message | null
      if (message === null) return
      this.#delivered.set(`${message.topic}:${message.partition}`, message)
      this.#waiters[0]?.settle(message)
    }
  }

  #fail(err: Error): void {
    this.#error ??= err
    for (const w of [...this.#waiters]) w.settle(null, this.#error)
  }

  #toRecord(m: Message): ConsumedRecord {
    this.#refreshHighWaterMarks()
    const hwm = this.#hwm.get(m.topic)?.[m.partition]
    return {
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      timestamp: m.timestamp,
      key: m.key,
      value: m.value,
      headers: m.headers,
      // Known at most a second late; never below what was just read.
      highWaterMark: hwm === undefined ? -1n : hwm > m.offset ? hwm : m.offset + 1n,
    }
  }

  #refreshHighWaterMarks(): void {
    if (this.#hwmRefresh || performance.now() - this.#hwmFetchedAt < HWM_REFRESH_MS) return
    this.#hwmRefresh = this.consumer
      .listOffsets({ topics: this.s.groupTopics, timestamp: ListOffsetTimestamps.LATEST })
      .then((offsets) => {
        for (const [topic, parts] of offsets) this.#hwm.set(topic, parts)
      })
      .catch(() => undefined)
      .finally(() => {
        this.#hwmFetchedAt = performance.now()
        this.#hwmRefresh = undefined
      })
  }
}

/** The process-wide reader for this group configuration. */
export function sharedGroupReader(ctx: ModuleContext, s: ReaderSettings): GroupReader {
  const key = JSON.stringify([
    s.cluster.key,
    s.groupId,
    [...s.groupTopics].sort(),
    s.start.kind,
    s.isolationLevel,
    s.minBytes,
    s.maxBytes,
    s.sessionTimeoutMs,
    s.heartbeatIntervalMs,
    s.rebalanceTimeoutMs,
  ])
  return ctx.shared.get(`k6/x/kafka:group:${key}`, () => new GroupReader(s), (g) => g.close())
}
