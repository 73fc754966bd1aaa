// One node-postgres pool per process per DSN, shared by every VU (xk6-sql opens one Go pool per
// VU, so real k6 holds ~one connection per VU; users have asked for sharing for years). The
// pool grows with the VUs that open the DSN: each handle adds its `max_open_conns` (1 when
// unset, since a k6 VU runs one statement at a time) up to a process-wide cap.
import { connect as netConnect } from 'node:net'
import pg from 'pg'
import type { ClientConfig, PoolClient, QueryResult } from 'pg'
import { libpqTypes } from './values.ts'

/** Default upper bound on connections one engine process opens to one DSN. */
export const DEFAULT_POOL_CAP = 64
const CANCEL_GRACE_MS = 5_000

export interface PoolSettings {
  idleTimeoutMs: number
  maxLifetimeSeconds: number
}

export interface RunOptions {
  /** Aborts the statement (the VU's iteration was interrupted). */
  signal?: AbortSignal
  /** Fails the statement after this many milliseconds (`*WithTimeout`). */
  timeoutMs?: number
}

/** Why a statement stopped early; lib/pq surfaces Go's context errors with these texts. */
export class StatementInterrupted extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'canceled',
  ) {
    super(message)
    this.name = 'StatementInterrupted'
  }
}

export class SharedPgPool {
  readonly pool: pg.Pool
  private demand = 0
  private readonly host: string
  private readonly port: number

  constructor(
    config: ClientConfig,
    settings: PoolSettings,
    private readonly cap: number,
    onIdleError: (err: Error) => void,
  ) {
    this.host = config.host ?? process.env.PGHOST ?? 'localhost'
    this.port = config.port ?? Number(process.env.PGPORT ?? 5432)
    this.pool = new pg.Pool({
      ...config,
      types: libpqTypes,
      max: 1,
      idleTimeoutMillis: settings.idleTimeoutMs,
      maxLifetimeSeconds: settings.maxLifetimeSeconds,
      allowExitOnIdle: true,
    })
    // An idle connection dropped by the server must not crash the engine.
    this.pool.on('error', onIdleError)
  }

  /** The current connection limit (what the pool may open, not what it has open). */
  get size(): number {
    return this.pool.options.max
  }

  /** A handle joined: grow the limit by what that VU could use on its own in xk6-sql. */
  addDemand(conns: number): void {
    this.demand += conns
    this.resize()
  }

  removeDemand(conns: number): void {
    this.demand = Math.max(0, this.demand - conns)
    this.resize()
  }

  private resize(): void {
    // pg-pool reads options.max on every checkout, so raising it takes effect immediately.
    this.pool.options.max = Math.max(1, Math.min(this.demand, this.cap))
  }

  /** Runs one statement on a pooled connection, honouring a timeout and an abort signal. */
  async run(text: string, values: unknown[], opts: RunOptions): Promise<QueryResult> {
    const stop = interruption(opts)
    try {
      const connecting = this.pool.connect()
      const client = await Promise.race([connecting, stop.promise]).catch((err: unknown) => {
        // If we gave up waiting, the connection still arrives later: hand it straight back.
        if (err instanceof StatementInterrupted) connecting.then((c) => c.release(), () => undefined)
        throw err
      })
      return await this.onClient(client, text, values, stop)
    } finally {
      stop.dispose()
    }
  }

  private onClient(client: PoolClient, text: string, values: unknown[], stop: Interruption): Promise<QueryResult> {
    const query = client.query({ text, values })
    let settled = false
    const finished = query.then(
      (res) => {
        settled = true
        client.release()
        return res
      },
      (err: unknown) => {
        settled = true
        // A broken connection must not go back to the pool.
        client.release(isConnectionError(err) ? (err as Error) : undefined)
        throw err
      },
    )
    return Promise.race([finished, stop.promise]).catch((err: unknown) => {
      if (err instanceof StatementInterrupted && !settled) {
        // Like lib/pq on a cancelled context: ask the server to cancel, give the connection
        // back once the statement has ended, and drop it if the server does not answer.
        this.sendCancel(client)
        const timer = setTimeout(() => {
          if (!settled) client.release(new Error('statement did not stop after a cancel request'))
        }, CANCEL_GRACE_MS)
        timer.unref()
        finished.catch(() => undefined).finally(() => clearTimeout(timer))
      }
      throw err
    })
  }

  // The Postgres CancelRequest message (protocol code 80877102) on a fresh socket.
  private sendCancel(client: PoolClient): void {
    const { processID, secretKey } = client as unknown as { processID: number | null; secretKey: number | null }
    if (processID === null || secretKey === null) return
    const msg = Buffer.alloc(16)
    msg.writeInt32BE(16, 0)
    msg.writeInt32BE(80877102, 4)
    msg.writeInt32BE(processID, 8)
    msg.writeInt32BE(secretKey, 12)
    const socket = this.host.startsWith('/')
      ? netConnect(`${this.host}/.s.PGSQL.${this.port}`)
      : netConnect(this.port, this.host)
    socket.on('error', () => socket.destroy())
    socket.on('connect', () => socket.end(msg))
    socket.setTimeout(CANCEL_GRACE_MS, () => socket.destroy())
  }

  end(): Promise<void> {
    return this.pool.end()
  }
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return !(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
}

interface Interruption {
  promise: Promise<never>
  dispose(): void
}

function interruption(opts: RunOptions): Interruption {
  let reject!: (err: StatementInterrupted) => void
  const promise = new Promise<never>((_, rej) => {
    reject = rej
  })
  promise.catch(() => undefined)
  let timer: NodeJS.Timeout | undefined
  if (opts.timeoutMs !== undefined) {
    timer = setTimeout(() => reject(new StatementInterrupted('context deadline exceeded', 'timeout')), opts.timeoutMs)
  }
  const onAbort = (): void => reject(new StatementInterrupted('context canceled', 'canceled'))
  if (opts.signal?.aborted) onAbort()
  else opts.signal?.addEventListener('abort', onAbort, { once: true })
  return {
    promise,
    dispose() {
      if (timer) clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
    },
  }
}
