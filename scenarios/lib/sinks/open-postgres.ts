// Opens the Postgres sink through xk6-sql. Only scenarios that write to Postgres import this file,
// so their bundles need no Kafka extension (and kafka-direct needs no SQL one).

import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
import { redactUrl } from '../../../stack/redact.ts'
import { KnobError, text, type Env } from '../knobs.ts'
import { localPgUrl } from './local-port.ts'
import { PostgresSink } from './postgres.ts'

export function openPostgres(env: Env): PostgresSink {
  // Default: the local stack (stack/topology.ts), injected by the build, on the port the
  // environment gives that stack; lib/pq needs sslmode.
  const url = text(env, 'PG_URL', 'EVENTLOAD_PG_URL') ?? localPgUrl(__EVENTLOAD_DEFAULTS__.pgUrl, env)
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new KnobError(`PG_URL: expected postgres://user:password@host:5432/db?sslmode=disable, got "${redactUrl(url)}"`)
  }
  // Opened in init code: k6 gives every VU its own pool (lazy, nothing connects yet); the node
  // engine shares one pool per URL.
  const db = sql.open(driver, url)
  return new PostgresSink(db, redactUrl(url), text(env, 'EVENTS_TABLE') ?? 'events')
}
