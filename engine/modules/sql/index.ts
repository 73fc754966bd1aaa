// `k6/x/sql` and `k6/x/sql/driver/postgres` for the node engine (xk6-sql v1.x call shapes).
// Factories run once per VU, as k6 module instances do; the pool behind them is per process.
import type { ModuleContext, ModuleFactory } from '../../host.ts'
import { Database } from './database.ts'
import { parseDsn } from './dsn.ts'
import { SqlMetrics } from './metrics.ts'
import { parseOpenOptions } from './options.ts'
import { DEFAULT_POOL_CAP, SharedPgPool } from './pool.ts'
import { POSTGRES_DRIVER_SPECIFIER, SQL_SPECIFIER } from './specifiers.ts'

/** What `import driver from "k6/x/sql/driver/postgres"` yields: a Symbol naming the driver. */
export const POSTGRES_DRIVER: unique symbol = Symbol('postgres')

/** Connections one engine process may open per DSN (env EVENTLOAD_SQL_POOL_MAX). */
export function poolCap(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EVENTLOAD_SQL_POOL_MAX
  if (raw === undefined || raw === '') return DEFAULT_POOL_CAP
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`EVENTLOAD_SQL_POOL_MAX must be a whole number >= 1, got ${JSON.stringify(raw)}`)
  }
  return n
}

const warned = new Set<string>()
function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return
  warned.add(key)
  console.warn(message)
}

export const postgresDriverModule: ModuleFactory = () => ({ default: POSTGRES_DRIVER })

export const sqlModule: ModuleFactory = (ctx) => {
  const metrics = new SqlMetrics(ctx)
  const open = (driver: unknown, dsn: unknown, options?: unknown): Database => openDatabase(ctx, metrics, driver, dsn, options)
  return { default: { open }, open }
}

function openDatabase(ctx: ModuleContext, metrics: SqlMetrics, driver: unknown, dsn: unknown, rawOptions: unknown): Database {
  checkDriver(driver)
  if (typeof dsn !== 'string') throw new TypeError('sql.open: the second argument must be the connection string')
  const parsed = parseDsn(dsn)
  const options = parseOpenOptions(rawOptions)
  const settings = {
    idleTimeoutMs: options.connMaxIdleTimeMs ?? 30_000,
    maxLifetimeSeconds: options.connMaxLifetimeMs === undefined ? 0 : Math.max(1, Math.round(options.connMaxLifetimeMs / 1000)),
  }
  const shared = ctx.shared.get(
    `${SQL_SPECIFIER}:postgres:${dsn}`,
    () => {
      const pool = new SharedPgPool(parsed.config, settings, poolCap(), (err) =>
        console.warn(`k6/x/sql: an idle connection to ${parsed.safe} failed: ${err.message}`),
      )
      return { pool, settings }
    },
    ({ pool }) => pool.end(),
  )
  if (
    shared.settings.idleTimeoutMs !== settings.idleTimeoutMs ||
    shared.settings.maxLifetimeSeconds !== settings.maxLifetimeSeconds
  ) {
    warnOnce(
      `settings:${dsn}`,
      `k6/x/sql: the connections to ${parsed.safe} are pooled per process; conn_max_idle_time/conn_max_lifetime are taken from the first sql.open() and later values are ignored`,
    )
  }
  if (parsed.sslmodeMissing) {
    warnOnce(
      `sslmode:${dsn}`,
      `k6/x/sql: ${parsed.safe} has no sslmode: the node engine connects without TLS, but lib/pq in real k6 defaults to sslmode=require; add sslmode=disable (or require) so both engines do the same`,
    )
  }
  // One VU of xk6-sql runs one statement at a time, so it holds one connection unless its
  // max_open_conns says otherwise.
  const demand = options.maxOpenConns > 0 ? options.maxOpenConns : 1
  shared.pool.addDemand(demand)
  return new Database(ctx, shared.pool, demand, options.maxOpenConns, metrics)
}

function checkDriver(driver: unknown): void {
  // A require()-style import hands over a Symbol wrapper object (xk6-sql v1.0.3 accepts both).
  const value: unknown = driver instanceof Symbol ? driver.valueOf() : driver
  if (value === POSTGRES_DRIVER) return
  if (typeof value === 'string') {
    throw new TypeError(
      `sql.open: unsupported database: the first argument is the driver imported from "${POSTGRES_DRIVER_SPECIFIER}" (xk6-sql >= 1.0), not the string ${JSON.stringify(value)}: import driver from "${POSTGRES_DRIVER_SPECIFIER}"; sql.open(driver, dsn)`,
    )
  }
  throw new TypeError(
    `sql.open: unsupported database: invalid driver parameter type; pass the default export of "${POSTGRES_DRIVER_SPECIFIER}" (the node engine provides only the postgres driver)`,
  )
}
