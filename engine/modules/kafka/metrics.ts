// xk6-kafka's built-in metrics, same names and types (pkg/kafka/stats.go), emitted per produce /
// consume call as v2 does. Only series that carry a real measurement here are emitted; v2's
// placeholders (dial, rebalance, retries, queue-time, async) are left out. The list is in
// docs/engine-extensions.md.
import type { MetricHandle, MetricType, ModuleContext, Tags } from '../../host.ts'

const DEFS = {
  writerWrites: ['kafka_writer_write_count', 'counter', false],
  writerMessages: ['kafka_writer_message_count', 'counter', false],
  writerBytes: ['kafka_writer_message_bytes', 'counter', 'data'],
  writerErrors: ['kafka_writer_error_count', 'counter', false],
  writerBatchTime: ['kafka_writer_batch_seconds', 'trend', true],
  writerWriteTime: ['kafka_writer_write_seconds', 'trend', true],
  writerBatchSize: ['kafka_writer_batch_size', 'counter', false],
  writerBatchBytes: ['kafka_writer_batch_bytes', 'counter', 'data'],
  writerMaxAttempts: ['kafka_writer_attempts_max', 'gauge', false],
  writerMaxBatchSize: ['kafka_writer_batch_max', 'gauge', false],
  writerBatchTimeout: ['kafka_writer_batch_timeout', 'gauge', true],
  writerReadTimeout: ['kafka_writer_read_timeout', 'gauge', true],
  writerWriteTimeout: ['kafka_writer_write_timeout', 'gauge', true],
  writerRequiredAcks: ['kafka_writer_acks_required', 'gauge', false],
  readerFetches: ['kafka_reader_fetches_count', 'counter', false],
  readerMessages: ['kafka_reader_message_count', 'counter', false],
  readerBytes: ['kafka_reader_message_bytes', 'counter', 'data'],
  readerTimeouts: ['kafka_reader_timeouts_count', 'counter', false],
  readerErrors: ['kafka_reader_error_count', 'counter', false],
  readerReadTime: ['kafka_reader_read_seconds', 'trend', true],
  readerWaitTime: ['kafka_reader_wait_seconds', 'trend', true],
  readerFetchSize: ['kafka_reader_fetch_size', 'counter', false],
  readerFetchBytes: ['kafka_reader_fetch_bytes', 'counter', 'data'],
  readerOffset: ['kafka_reader_offset', 'gauge', false],
  readerLag: ['kafka_reader_lag', 'gauge', false],
  readerMinBytes: ['kafka_reader_fetch_bytes_min', 'gauge', 'data'],
  readerMaxBytes: ['kafka_reader_fetch_bytes_max', 'gauge', 'data'],
  readerMaxWait: ['kafka_reader_fetch_wait_max', 'gauge', true],
  readerQueueLength: ['kafka_reader_queue_length', 'gauge', false],
  readerQueueCapacity: ['kafka_reader_queue_capacity', 'gauge', false],
} as const satisfies Record<string, readonly [string, MetricType, boolean | 'data']>

export type KafkaMetricKey = keyof typeof DEFS
export const KAFKA_METRIC_NAMES: readonly string[] = Object.values(DEFS).map(([name]) => name)

/** xk6-kafka adds this per produced message to mimic kafka-go's on-the-wire accounting. */
const WRITER_MESSAGE_OVERHEAD_BYTES = 23

export interface ProduceReport {
  /** Per topic: messages and their key+value+header bytes. */
  topics: Map<string, { messages: number; bytes: number }>
  elapsedMs: number
  failed: boolean
  config: { acks: number; maxAttempts: number; batchSize: number; batchTimeoutMs: number; readTimeoutMs: number; writeTimeoutMs: number }
}

export interface ConsumeReport {
  /** Per topic/partition: messages, bytes, last offset and the partition's high-water mark. */
  partitions: Map<string, { topic: string; partition: number; messages: number; bytes: number; lastOffset: number; highWaterMark: number }>
  fallbackTopic: string
  clientId: string
  fetches: number | undefined
  elapsedMs: number
  waitMs: number
  outcome: 'ok' | 'timeout' | 'error'
  queueLength: number
  /** The prefetch bound, where there is one (group readers). */
  queueCapacity: number | undefined
  config: { minBytes: number; maxBytes: number; maxWaitMs: number }
}

export class KafkaMetrics {
  private readonly m: Record<KafkaMetricKey, MetricHandle>

  constructor(private readonly ctx: ModuleContext) {
    this.m = Object.fromEntries(
      Object.entries(DEFS).map(([key, [name, type, contains]]) => [key, ctx.metric(name, type, contains)]),
    ) as Record<KafkaMetricKey, MetricHandle>
  }

  produced(r: ProduceReport): void {
    if (this.ctx.inInit()) return
    const groups = r.topics.size > 0 ? r.topics : new Map([['', { messages: 0, bytes: 0 }]])
    for (const [topic, g] of groups) {
      const tags: Tags = { topic }
      const ok = !r.failed
      const writes = ok ? g.messages : 0
      const bytes = ok ? g.bytes + WRITER_MESSAGE_OVERHEAD_BYTES * g.messages : 0
      this.m.writerWrites.add(writes, tags)
      this.m.writerMessages.add(ok ? g.messages : 0, tags)
      this.m.writerBytes.add(bytes, tags)
      this.m.writerErrors.add(r.failed ? 1 / groups.size : 0, tags)
      if (ok) {
        this.m.writerWriteTime.add(r.elapsedMs, tags)
        if (writes > 0) {
          this.m.writerBatchTime.add(r.elapsedMs / writes, tags)
          this.m.writerBatchSize.add(g.messages / writes, tags)
          this.m.writerBatchBytes.add(bytes / writes, tags)
        }
      }
      this.m.writerMaxAttempts.add(r.config.maxAttempts, tags)
      this.m.writerMaxBatchSize.add(r.config.batchSize, tags)
      this.m.writerBatchTimeout.add(r.config.batchTimeoutMs, tags)
      this.m.writerReadTimeout.add(r.config.readTimeoutMs, tags)
      this.m.writerWriteTimeout.add(r.config.writeTimeoutMs, tags)
      this.m.writerRequiredAcks.add(r.config.acks, tags)
    }
  }

  consumed(r: ConsumeReport): void {
    if (this.ctx.inInit()) return
    const groups = r.partitions.size > 0
      ? [...r.partitions.values()]
      : [{ topic: r.fallbackTopic, partition: 0, messages: 0, bytes: 0, lastOffset: -1, highWaterMark: -1 }]
    const share = 1 / groups.length
    for (const g of groups) {
      const tags: Tags = { topic: g.topic, clientid: r.clientId, partition: String(g.partition) }
      this.m.readerMessages.add(g.messages, tags)
      this.m.readerBytes.add(g.bytes, tags)
      this.m.readerFetchSize.add(g.messages, tags)
      this.m.readerFetchBytes.add(g.bytes, tags)
      this.m.readerTimeouts.add(r.outcome === 'timeout' ? share : 0, tags)
      this.m.readerErrors.add(r.outcome === 'error' ? share : 0, tags)
      if (r.fetches !== undefined) this.m.readerFetches.add(r.fetches * share, tags)
      this.m.readerReadTime.add(r.elapsedMs, tags)
      this.m.readerWaitTime.add(r.waitMs, tags)
      if (g.lastOffset >= 0) {
        this.m.readerOffset.add(g.lastOffset, tags)
        if (g.highWaterMark >= 0) this.m.readerLag.add(Math.max(0, g.highWaterMark - (g.lastOffset + 1)), tags)
      }
      this.m.readerMinBytes.add(r.config.minBytes, tags)
      this.m.readerMaxBytes.add(r.config.maxBytes, tags)
      this.m.readerMaxWait.add(r.config.maxWaitMs, tags)
      this.m.readerQueueLength.add(r.queueLength, tags)
      if (r.queueCapacity !== undefined) this.m.readerQueueCapacity.add(r.queueCapacity, tags)
    }
  }
}
