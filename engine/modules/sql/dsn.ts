// Turns the DSN a script passes to `sql.open()` into node-postgres client settings, reading it
// the way lib/pq (the driver inside xk6-sql-driver-postgres) does, so the same string means
// the same connection in both engines: URL form (`postgres://u:p@h:5432/db?sslmode=disable`)
// and libpq key/value form (`host=h port=5432 user=u dbname=db sslmode=disable`).
import { readFileSync } from 'node:fs'
import type { ClientConfig } from 'pg'
import { redactText } from '../../../stack/redact.ts'

export interface ParsedDsn {
  config: ClientConfig
  /** lib/pq's default sslmode is `require`; a DSN without sslmode behaves differently there. */
  sslmodeMissing: boolean
  /** The DSN with its password masked, for messages. */
  safe: string
}

const SSLMODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'])
// Settings the server accepts as startup parameters; lib/pq forwards unknown keys the same way.
const IGNORED = new Set(['sslcert', 'sslkey', 'sslrootcert', 'sslsni', 'sslinline', 'krbsrvname', 'krbspn', 'disable_prepared_binary_result', 'binary_parameters'])

export function parseDsn(dsn: string): ParsedDsn {
  if (typeof dsn !== 'string' || dsn.trim() === '') {
    throw new TypeError(
      'sql.open: the connection string is empty: pass a DSN such as "postgres://user:pass@localhost:5432/db?sslmode=disable"',
    )
  }
  const safe = redactText(dsn)
  const params = /^postgres(ql)?:\/\//i.test(dsn) ? fromUrl(dsn, safe) : fromKeyValue(dsn, safe)
  return { config: toClientConfig(params, safe), sslmodeMissing: params.sslmode === undefined, safe }
}

function fromUrl(dsn: string, safe: string): Record<string, string> {
  let url: URL
  try {
    url = new URL(dsn)
  } catch {
    throw new Error(`sql.open: cannot parse the connection URL ${safe}: check for unescaped characters in the password`)
  }
  const params: Record<string, string> = {}
  if (url.hostname) params.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''))
  if (url.port) params.port = url.port
  if (url.username) params.user = decodeURIComponent(url.username)
  if (url.password) params.password = decodeURIComponent(url.password)
  const db = url.pathname.replace(/^\//, '')
  if (db) params.dbname = decodeURIComponent(db)
  for (const [k, v] of url.searchParams) params[k] = v
  return params
}

// libpq's conninfo grammar: key = value pairs separated by spaces; values may be single-quoted
// with backslash escapes.
function fromKeyValue(dsn: string, safe: string): Record<string, string> {
  const params: Record<string, string> = {}
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('((?:\\.|[^'\\])*)'|[^\s']*)/y
  let pos = 0
  while (pos < dsn.length) {
    if (/^\s*$/.test(dsn.slice(pos))) break
    re.lastIndex = pos
    const m = re.exec(dsn)
    if (!m) {
      throw new Error(
        `sql.open: cannot parse the connection string ${safe}: use "postgres://user:pass@host:5432/db?sslmode=disable" or "host=... user=... dbname=... sslmode=disable"`,
      )
    }
    const [, key = '', raw = '', quoted] = m
    params[key] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : raw
    pos = re.lastIndex
  }
  return params
}

function toClientConfig(p: Record<string, string>, safe: string): ClientConfig {
  const config: ClientConfig = {}
  const startupOptions: string[] = []
  for (const [key, value] of Object.entries(p)) {
    switch (key) {
      case 'host':
        config.host = value
        break
      case 'port': {
        const port = Number(value)
        if (!Number.isInteger(port) || port <= 0 || port > 65535) {
          throw new Error(`sql.open: invalid port ${JSON.stringify(value)} in ${safe}`)
        }
        config.port = port
        break
      }
      case 'user':
        config.user = value
        break
      case 'password':
        config.password = value
        break
      case 'dbname':
        config.database = value
        break
      case 'sslmode':
        if (!SSLMODES.has(value)) {
          throw new Error(`sql.open: unknown sslmode ${JSON.stringify(value)} in ${safe}: use one of ${[...SSLMODES].join(', ')}`)
        }
        break
      case 'connect_timeout':
        // Seconds, as in libpq; 0 means wait forever.
        if (Number(value) > 0) config.connectionTimeoutMillis = Number(value) * 1000
        break
      case 'application_name':
      case 'fallback_application_name':
        config.application_name = value
        break
      case 'options':
        startupOptions.push(value)
        break
      default:
        if (!IGNORED.has(key)) startupOptions.push(`-c ${key}=${value.replace(/\s/g, '\\ ')}`)
    }
  }
  config.ssl = sslFor(p)
  if (startupOptions.length > 0) config.options = startupOptions.join(' ')
  return config
}

function sslFor(p: Record<string, string>): ClientConfig['ssl'] {
  // lib/pq: no sslmode means `require` (encrypt, do not verify). We keep node-postgres' default
  // of no TLS for a DSN without sslmode, so local stacks work, and warn about the difference.
  switch (p.sslmode) {
    case undefined:
    case 'disable':
    case 'allow':
      return false
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false }
    default: {
      const ca = p.sslrootcert ? readFileSync(p.sslrootcert, 'utf8') : undefined
      const ssl: Exclude<ClientConfig['ssl'], boolean | undefined> = { rejectUnauthorized: true }
      if (ca) ssl.ca = ca
      if (p.sslcert) ssl.cert = readFileSync(p.sslcert, 'utf8')
      if (p.sslkey) ssl.key = readFileSync(p.sslkey, 'utf8')
      if (p.sslmode === 'verify-ca') ssl.checkServerIdentity = () => undefined
      return ssl
    }
  }
}
