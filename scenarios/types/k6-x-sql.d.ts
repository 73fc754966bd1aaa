// Types for xk6-sql (module `k6/x/sql`, v1.0.x on the k6 v1 line; same JS API in v1.1+), written
// from the extension's published API (see ../../../shared/reference/k6-extensions-and-operator.md §1).
//
// The await rule: in k6 these calls are synchronous; in eventload's node engine they return
// promises. They are declared as promises here so scenario code must `await` them (lint rejects a
// floating promise). `await` on k6's plain return value is harmless, so one bundle serves both.

declare module 'k6/x/sql' {
  /** A driver id: the default export of a driver module such as `k6/x/sql/driver/postgres`. */
  export type DriverId = symbol

  /**
   * Per-handle pool settings (xk6-sql >= 1.0.3), each mapped onto Go's `*sql.DB` setter.
   * In k6 every VU that runs `open` gets its own pool; the node engine pools per process.
   */
  export interface OpenOptions {
    /** Go duration string, e.g. "30s". */
    conn_max_idle_time?: string
    /** Go duration string. */
    conn_max_lifetime?: string
    /** Go default 2. */
    max_idle_conns?: number
    /** 0 = unlimited (Go default). */
    max_open_conns?: number
  }

  /** Summary of a statement that returns no rows. */
  export interface Result {
    /** Rows affected by an INSERT/UPDATE/DELETE (driver-dependent). */
    rowsAffected(): number
    /**
     * Auto-increment id of the last insert. The Postgres driver (lib/pq) does not support it and
     * throws; use `INSERT ... RETURNING` with `query` instead.
     */
    lastInsertId(): number
  }

  /**
   * One row of a query result, keyed by column name. With lib/pq, text/int/float/bool columns
   * arrive as JS values but uuid, numeric, json/jsonb and arrays arrive as raw bytes: cast them in
   * SQL (`id::text`) to get strings.
   */
  export interface Row {
    [column: string]: unknown
  }

  /** A handle on a pool of connections (lazy: nothing connects until the first statement). */
  export interface Database {
    /** Runs a statement without rows. Parameters are positional (`$1, $2, ...` for Postgres). */
    exec(query: string, ...args: unknown[]): Promise<Result>
    /** Like `exec`, bounded by a Go duration string such as "300ms" (xk6-sql >= 1.0.4). */
    execWithTimeout(timeout: string, query: string, ...args: unknown[]): Promise<Result>
    /** Runs a query and reads every row eagerly. */
    query(query: string, ...args: unknown[]): Promise<Row[]>
    /** Like `query`, bounded by a Go duration string (xk6-sql >= 1.0.4). */
    queryWithTimeout(timeout: string, query: string, ...args: unknown[]): Promise<Row[]>
    /** Closes this handle's pool, waiting for statements in flight. */
    close(): Promise<void>
  }

  /**
   * Opens a database through a registered driver. Throws "unsupported database" when the symbol is
   * not a registered driver. Call it in init code: in k6 it runs once per VU.
   */
  export function open(driver: DriverId, dataSourceName: string, options?: OpenOptions): Database

  const sql: { open: typeof open }
  export default sql
}

declare module 'k6/x/sql/driver/postgres' {
  /** Identifies the lib/pq-based Postgres driver; pass it to `sql.open`. */
  const driver: symbol
  export default driver
}
