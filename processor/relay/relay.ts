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
  #lagPolling = false
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
    // One poll at a time: a connect or query slower than the interval (Postgres busy or
    // away) used to start another client each tick, and every one but the last stayed
    // open, holding a Postgres connection and keeping the process from exiting on stop.
    if (this.#lagPolling) return
    this.#lagPolling = true
    let client = this.#lagClient
    try {
      if (!client) {
        client = new pg.Client({
          connectionString: this.#config.connections.postgres.url,
          application_name: `${this.#config.clientId}-lag`,
          connectionTimeoutMillis: LAG_INTERVAL_MS * 5,
          query_timeout: LAG_INTERVAL_MS * 5,
        })
        client.on('error', () => undefined) // the next query fails and the catch below replaces it
        this.#lagClient = client
        await client.connect()
      }
      const lag = await slotLagBytes(client, this.#config.slot)
      if (lag !== undefined) this.#metrics.slotLagBytes.set(lag)
    } catch {
      // Postgres away: the session's own error says so; the gauge keeps its last value.
      if (this.#lagClient === client) this.#lagClient = null
      await client?.end().catch(() => undefined)
    } finally {
      this.#lagPolling = false
    }
  }
}
