// The `options` argument of `sql.open(driver, dsn, options)` (xk6-sql >= 1.0.3), each key a Go
// `*sql.DB` setter. In xk6-sql they size ONE VU's private pool; here they feed the shared pool
// (see pool.ts): max_open_conns caps what one handle may use at once and adds to the pool's
// size, the two durations become the pool's idle timeout and connection lifetime.
import { parseGoDurationMs } from './go-duration.ts'

export interface OpenOptions {
  /** 0 = unlimited in Go; one statement at a time per VU in practice. */
  maxOpenConns: number
  maxIdleConns: number
  connMaxIdleTimeMs: number | undefined
  connMaxLifetimeMs: number | undefined
}

const KEYS = ['max_open_conns', 'max_idle_conns', 'conn_max_idle_time', 'conn_max_lifetime'] as const

export function parseOpenOptions(raw: unknown): OpenOptions {
  const out: OpenOptions = { maxOpenConns: 0, maxIdleConns: 2, connMaxIdleTimeMs: undefined, connMaxLifetimeMs: undefined }
  if (raw === undefined || raw === null) return out
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TypeError(`sql.open: options must be an object with any of ${KEYS.join(', ')}`)
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case 'max_open_conns':
        out.maxOpenConns = nonNegativeInt(key, value)
        break
      case 'max_idle_conns':
        out.maxIdleConns = nonNegativeInt(key, value)
        break
      case 'conn_max_idle_time':
        out.connMaxIdleTimeMs = duration(key, value)
        break
      case 'conn_max_lifetime':
        out.connMaxLifetimeMs = duration(key, value)
        break
      default:
        throw new TypeError(`sql.open: unknown option "${key}": the options are ${KEYS.join(', ')}`)
    }
  }
  return out
}

function nonNegativeInt(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`sql.open: option ${key} must be a whole number >= 0, got ${JSON.stringify(value)}`)
  }
  return value
}

function duration(key: string, value: unknown): number {
  if (typeof value !== 'string') {
    throw new TypeError(`sql.open: option ${key} must be a Go duration string such as "30s", got ${JSON.stringify(value)}`)
  }
  return parseGoDurationMs(value)
}
