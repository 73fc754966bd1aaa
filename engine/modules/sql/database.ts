// The `Database` object `sql.open()` returns, with xk6-sql's methods. Every statement returns a
// promise registered with the engine's await-rule tracker (k6 runs them synchronously; see
// ARCHITECTURE.md "The await rule") and runs on the process-wide pool of its DSN.
import type { QueryResult } from 'pg'
import type { ModuleContext } from '../../host.ts'
import { parseGoDurationMs } from './go-duration.ts'
import { Limiter } from './limiter.ts'
import type { SqlMetrics } from './metrics.ts'
import { StatementInterrupted, type SharedPgPool } from './pool.ts'
import { toParam } from './values.ts'

export type Row = Record<string, unknown>

export interface Result {
  rowsAffected(): number
  lastInsertId(): number
}

type Operation = 'exec' | 'query'

export class Database {
  #closed = false
  readonly #inflight = new Set<Promise<unknown>>()
  readonly #limiter: Limiter

  constructor(
    private readonly ctx: ModuleContext,
    private readonly shared: SharedPgPool,
    private readonly demand: number,
    maxOpenConns: number,
    private readonly metrics: SqlMetrics,
  ) {
    this.#limiter = new Limiter(maxOpenConns)
  }

  exec(query: string, ...args: unknown[]): Promise<Result> {
    return this.#track('exec', 'db.exec', query, args, undefined, toResult)
  }

  execWithTimeout(timeout: string, query: string, ...args: unknown[]): Promise<Result> {
    return this.#track('exec', 'db.execWithTimeout', query, args, timeoutMs(timeout, 'execWithTimeout'), toResult)
  }

  query(query: string, ...args: unknown[]): Promise<Row[]> {
    return this.#track('query', 'db.query', query, args, undefined, toRows)
  }

  queryWithTimeout(timeout: string, query: string, ...args: unknown[]): Promise<Row[]> {
    return this.#track('query', 'db.queryWithTimeout', query, args, timeoutMs(timeout, 'queryWithTimeout'), toRows)
  }

  /** Closes this handle (Go: waits for its statements); the shared pool lives on for other VUs. */
  close(): Promise<void> {
    const done = (async () => {
      if (this.#closed) return
      this.#closed = true
      await Promise.allSettled([...this.#inflight])
      this.shared.removeDemand(this.demand)
    })()
    return this.ctx.track(done, 'db.close')
  }

  #track<T>(
    op: Operation,
    call: string,
    query: unknown,
    args: unknown[],
    timeout: number | undefined,
    shape: (res: QueryResult) => T,
  ): Promise<T> {
    if (typeof query !== 'string') {
      throw new TypeError(`${call}: the SQL statement must be a string, got ${typeof query}`)
    }
    const values = args.map((v, i) => toParam(v, i + 1))
    const work = this.#run(op, query, values, timeout).then(shape)
    this.#inflight.add(work)
    void work.finally(() => this.#inflight.delete(work)).catch(() => undefined)
    return this.ctx.track(work, call)
  }

  async #run(op: Operation, text: string, values: unknown[], timeoutMs: number | undefined): Promise<QueryResult> {
    if (this.#closed) throw new Error('sql: database is closed')
    const vu = this.ctx.vu()
    const started = performance.now()
    try {
      const res = await this.#limiter.run(() =>
        this.shared.run(text, values, { signal: vu?.signal, timeoutMs }),
      )
      this.#record(op, started)
      return res
    } catch (err) {
      this.#record(op, started, errorCode(err))
      throw toScriptError(err)
    }
  }

  #record(op: Operation, started: number, errorCode?: string): void {
    // k6 has no VU state (so no samples) while init code runs.
    if (this.ctx.inInit()) return
    this.metrics.record(op, performance.now() - started, errorCode)
  }
}

function timeoutMs(timeout: unknown, call: string): number {
  if (typeof timeout !== 'string') {
    throw new TypeError(`db.${call}: the first argument is the timeout as a Go duration string such as "300ms", got ${typeof timeout}`)
  }
  return parseGoDurationMs(timeout)
}

function toRows(res: QueryResult): Row[] {
  return res.rows as Row[]
}

function toResult(res: QueryResult): Result {
  const affected = res.rowCount ?? 0
  return {
    rowsAffected: () => affected,
    lastInsertId: () => {
      // What database/sql reports for lib/pq results; Postgres has no "last insert id".
      throw new Error(
        'LastInsertId is not supported by this driver: lib/pq (the Postgres driver of xk6-sql) has no last-insert id; use "INSERT ... RETURNING id" with db.query() instead',
      )
    },
  }
}

function errorCode(err: unknown): string {
  if (err instanceof StatementInterrupted) return err.reason
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : 'connection'
}

// lib/pq prefixes server errors with "pq: "; keep that text (and the SQLSTATE in `code`) so a
// script's error handling sees the same message in both engines.
function toScriptError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err))
  if (err instanceof StatementInterrupted) return err
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    const wrapped = new Error(`pq: ${err.message}`, { cause: err })
    Object.assign(wrapped, { code })
    return wrapped
  }
  return err
}
