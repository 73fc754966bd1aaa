// One replication session: stream committed `events` rows from the slot, publish them to
// Kafka, and confirm to Postgres only the LSN up to which Kafka acknowledged everything.
// Any error ends the session; the relay starts a new one from the slot's confirmed LSN, so
// unacknowledged rows are streamed again (at least once; MongoDB writes are idempotent).
import { compatibilityPartitioner, ProduceAcks, Producer, stringSerializers, type MessageToProduce } from '@platformatic/kafka'
import { LogicalReplicationService, type Pgoutput } from 'pg-logical-replication'
import type { ProcessorConfig } from '../config.ts'
import { rowToEvent } from '../event.ts'
import { kafkaClientOptions } from '../kafka.ts'
import { asError, type Logger } from '../log.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import { AckTracker, type TrackedTransaction } from './ack-tracker.ts'
import { formatLsn, parseLsn } from './lsn.ts'
import { decodePgText, type PgValue } from './pg-values.ts'
import { RawTextPgoutputPlugin } from './raw-pgoutput-plugin.ts'

type KafkaMessage = MessageToProduce<string, string, string, string>

interface Outgoing {
  readonly message: KafkaMessage
  readonly txn: TrackedTransaction
}

/** Records per produce request; more queue up while one request is in flight. */
const MAX_PRODUCE_BATCH = 2_000
/** Stop reading WAL above this many decoded-but-unsent records, resume below the low mark. */
const QUEUE_HIGH = 20_000
const QUEUE_LOW = 5_000
const STATUS_INTERVAL_MS = 5_000

export class RelaySession {
  readonly #config: ProcessorConfig
  readonly #metrics: ProcessorMetrics
  readonly #log: Logger
  readonly #onProgress: () => void
  readonly #tracker: AckTracker
  readonly #producer: Producer<string, string, string, string>
  readonly #service: LogicalReplicationService
  readonly #queue: Outgoing[] = []
  #open: KafkaMessage[] | null = null
  #sending: Promise<void> | null = null
  #error: unknown = null
  #draining = false
  #streaming = false
  #paused = false
  #lastStatus = 0n
  #warnedChange = false

  constructor(config: ProcessorConfig, startLsn: bigint, deps: { metrics: ProcessorMetrics; log: Logger; onProgress: () => void }) {
    this.#config = config
    this.#metrics = deps.metrics
    this.#log = deps.log
    this.#onProgress = deps.onProgress
    this.#tracker = new AckTracker(startLsn)
    this.#lastStatus = startLsn
    this.#producer = new Producer({
      ...kafkaClientOptions(config.connections.kafka, `${config.clientId}-relay`),
      idempotent: true,
      acks: ProduceAcks.ALL,
      partitioner: compatibilityPartitioner,
      serializers: stringSerializers,
    })
    this.#service = new LogicalReplicationService(
      {
        connectionString: config.connections.postgres.url,
        application_name: `${config.clientId}-relay`,
        // Fixes the text form of timestamps pgoutput sends (see pg-timestamp.ts).
        options: '-c DateStyle=ISO -c TimeZone=UTC',
      },
      // Acks are ours alone: the library's automatic ack would confirm WAL Kafka never saw.
      { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: false } },
    )
  }

  get streaming(): boolean {
    return this.#streaming && this.#error === null
  }

  get confirmedLsn(): bigint {
    return this.#tracker.confirmed
  }

  /** Streams until stop() or an error; rejects with the error. */
  async run(): Promise<void> {
    const service = this.#service
    service.on('start', () => {
      this.#streaming = true
    })
    service.on('data', (_lsn: string, message: Pgoutput.Message) => {
      try {
        this.#onMessage(message)
      } catch (error) {
        this.#fail(error)
      }
    })
    service.on('heartbeat', (lsn: string, _timestamp: number, shouldRespond: boolean) => {
      // Messages arrive in stream order (no flow-control queue), so with nothing open or
      // outstanding every change before this position has been handled.
      if (!this.#draining && this.#open === null) this.#tracker.idle(parseLsn(lsn))
      this.#sendStatus(shouldRespond)
    })
    service.on('error', (error: Error) => this.#fail(error))
    const statusTimer = setInterval(() => this.#sendStatus(true), STATUS_INTERVAL_MS)
    const plugin = new RawTextPgoutputPlugin({ protoVersion: 1, publicationNames: [this.#config.publication] })
    try {
      await service.subscribe(plugin, this.#config.slot, formatLsn(this.#tracker.confirmed))
      if (!this.#draining && this.#error === null) this.#error = new Error('the replication stream ended unexpectedly')
    } catch (error) {
      this.#error ??= error
    } finally {
      clearInterval(statusTimer)
      this.#streaming = false
      await this.#sending
      await service.destroy().catch(() => undefined)
      await this.#producer.close().catch(() => undefined)
    }
    if (this.#error !== null && !this.#draining) throw asError(this.#error)
  }

  /**
   * Graceful end: ignore new WAL, let Kafka acknowledge what was already decoded (bounded
   * by `timeoutMs`), confirm that position, then close the stream.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.#draining = true
    const flushed = (async () => {
      while (this.#queue.length > 0 && this.#error === null) {
        this.#kick()
        await this.#sending
      }
      await this.#sending
    })()
    await Promise.race([flushed, new Promise((r) => setTimeout(r, timeoutMs).unref())])
    this.#sendStatus(true)
    await this.#service.stop().catch(() => undefined)
  }

  #onMessage(message: Pgoutput.Message): void {
    if (this.#draining) return
    switch (message.tag) {
      case 'begin':
        this.#open = []
        break
      case 'insert':
        if (this.#isSourceTable(message.relation)) this.#open?.push(this.#toKafka(message))
        break
      case 'commit': {
        const records = this.#open ?? []
        this.#open = null
        const txn = this.#tracker.commit(parseLsn(message.commitEndLsn ?? '0/0'), records.length)
        for (const m of records) this.#queue.push({ message: m, txn })
        this.#sendStatus()
        this.#kick()
        if (this.#queue.length > QUEUE_HIGH) this.#pause(true)
        break
      }
      case 'update':
      case 'delete':
      case 'truncate':
        if (!this.#warnedChange) {
          this.#warnedChange = true
          this.#log(`ignoring ${message.tag} on the source table: the events table is append-only, only inserts are relayed`)
        }
        break
      default:
        break // relation, type and origin messages carry no rows
    }
  }

  #isSourceTable(relation: Pgoutput.MessageRelation): boolean {
    return relation.name === this.#config.table.name && relation.schema === this.#config.table.schema
  }

  #toKafka(message: Pgoutput.MessageInsert): KafkaMessage {
    const row: Record<string, PgValue> = {}
    for (const column of message.relation.columns) {
      row[column.name] = decodePgText((message.new[column.name] as string | null | undefined) ?? null, column.typeOid, column.name)
    }
    const event = rowToEvent(row)
    return {
      topic: this.#config.topic,
      key: typeof event.aggregate_id === 'string' && event.aggregate_id !== '' ? event.aggregate_id : event.id,
      value: JSON.stringify(event),
      headers: { 'event-id': event.id, 'created-at': event.created_at ?? '' },
    }
  }

  /** Starts the send loop unless a request is already in flight (one at a time keeps partition order). */
  #kick(): void {
    if (this.#sending !== null || this.#queue.length === 0 || this.#error !== null) return
    this.#sending = this.#sendLoop().finally(() => {
      this.#sending = null
      // Records queued after the loop's last check would otherwise wait for the next commit.
      this.#kick()
    })
  }

  async #sendLoop(): Promise<void> {
    try {
      while (this.#queue.length > 0 && this.#error === null) {
        const batch = this.#queue.splice(0, MAX_PRODUCE_BATCH)
        const end = this.#metrics.produceBatch.startTimer()
        await this.#producer.send({ messages: batch.map((o) => o.message) })
        end()
        for (const o of batch) this.#tracker.done(o.txn)
        this.#metrics.relayed.inc(batch.length)
        this.#sendStatus()
        this.#onProgress()
        if (this.#paused && this.#queue.length < QUEUE_LOW) this.#pause(false)
      }
    } catch (error) {
      this.#fail(error)
    }
  }

  /** Tells Postgres how far it may release WAL (standby status update). */
  #sendStatus(force = false): void {
    const confirmed = this.#tracker.confirmed
    if (confirmed === 0n || (!force && confirmed <= this.#lastStatus)) return
    this.#lastStatus = confirmed
    // The library reports lsn + 1 as written/flushed/applied; confirming the commit end LSN
    // itself (what Postgres' own subscribers send) needs lsn − 1 here.
    this.#service.acknowledge(formatLsn(confirmed - 1n)).catch((error: unknown) => this.#fail(error))
  }

  /**
   * Backpressure on the replication socket. The library pauses the same stream for its own
   * flow control; its flow-control queue cannot be used here because it would deliver
   * keepalives ahead of queued rows.
   */
  #pause(paused: boolean): void {
    const stream = (this.#service as unknown as { _connection?: { stream?: { pause?: () => void; resume?: () => void } } })._connection?.stream
    if (paused) stream?.pause?.()
    else stream?.resume?.()
    this.#paused = paused
  }

  #fail(error: unknown): void {
    if (this.#error !== null) return
    this.#error = error
    this.#queue.length = 0
    void this.#service.stop().catch(() => undefined)
  }
}
