// The relay part: keeps a replication session running, restarting it with backoff after
// any error (Kafka or Postgres away, slot busy), and reports the slot's lag.
import pg from 'pg'
import { exponentialBackoff, sleep } from '../backoff.ts'
import type { ProcessorConfig } from '../config.ts'
import { ensureTopic } from '../kafka.ts'
import { errorText, retryReporter, type Logger } from '../log.ts'
import type { ProcessorMetrics } from '../metrics.ts'
import { RelaySession } from './relay-session.ts'
import { ensureReplication, slotLagBytes } from './replication-setup.ts'

const LAG_INTERVAL_MS = 2_000

export class Relay {
  readonly #config: ProcessorConfig
  readonly #metrics: ProcessorMetrics
  readonly #log: Logger
  readonly #abort = new AbortController()
  #session: RelaySession | null = null
  #loop: Promise<void> | null = null
  #lagTimer: NodeJS.Timeout | null = null
  #lagClient: pg.Client | null = null
  #lastError: string | null = null

  constructor(config: ProcessorConfig, deps: { metrics: ProcessorMetrics; log: Logger }) {
    this.#config = config
    this.#metrics = deps.metrics
    this.#log = deps.log
  }

  start(): void {
    this.#loop = this.#run()
    this.#lagTimer = setInterval(() => void this.#pollLag(), LAG_INTERVAL_MS)
  }

  /** Healthy while a session is streaming. */
  health(): { ok: boolean; detail: string } {
    if (this.#session?.streaming) return { ok: true, detail: 'streaming' }
    return { ok: false, detail: this.#lastError ?? 'starting' }
  }

  async stop(): Promise<void> {
    this.#abort.abort()
    if (this.#lagTimer) clearInterval(this.#lagTimer)
    await this.#session?.stop()
    await this.#loop
    await this.#lagClient?.end().catch(() => undefined)
  }

  async #run(): Promise<void> {
    const backoff = exponentialBackoff()
    const retries = retryReporter(this.#log)
    const signal = this.#abort.signal
    while (!signal.aborted) {
      try {
        const start = await ensureReplication(this.#config.connections.postgres.url, this.#config)
        await ensureTopic(this.#config.connections.kafka, this.#config.clientId, this.#config.topic, this.#config.partitions)
        if (signal.aborted) break
        this.#session = new RelaySession(this.#config, start, {
          metrics: this.#metrics,
          log: this.#log,
          onProgress: () => {
            backoff.reset()
            retries.recovered('relaying again')
          },
        })
        this.#lastError = null
        await this.#session.run()
      } catch (error) {
        if (signal.aborted) break
        this.#lastError = errorText(error)
        this.#metrics.restarts.inc({ part: 'relay' })
        const wait = backoff.next()
        retries.failed(`session ended: ${this.#lastError}`, wait)
        await sleep(wait, signal)
      }
    }
  }

  async #pollLag(): Promise<void> {
    try {
      if (!this.#lagClient) {
        const client = new pg.Client({ connectionString: this.#config.connections.postgres.url, application_name: `${this.#config.clientId}-lag` })
        client.on('error', () => {
          this.#lagClient = null
        })
        await client.connect()
        this.#lagClient = client
      }
      const lag = await slotLagBytes(this.#lagClient, this.#config.slot)
      if (lag !== undefined) this.#metrics.slotLagBytes.set(lag)
    } catch {
      // Postgres away: the session's own error says so; the gauge keeps its last value.
      await this.#lagClient?.end().catch(() => undefined)
      this.#lagClient = null
    }
  }
}
