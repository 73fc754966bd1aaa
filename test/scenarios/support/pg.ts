// Node-side access to the local stack's Postgres for scenario tests: a pg pool and an adapter
// giving the sinks the call shape of xk6-sql's Database.

import pg from 'pg'
import type { SqlDb } from '../../../scenarios/lib/sinks/postgres.ts'
import { loadConnections } from '../../../stack/connections.ts'

export function pgPool(max = 4): pg.Pool {
  return new pg.Pool({ connectionString: loadConnections().postgres.url, max })
}

export function sqlDb(pool: pg.Pool): SqlDb {
  return {
    exec: (query, ...args) => pool.query(query, args),
    query: async (query, ...args) => (await pool.query(query, args)).rows as unknown[],
  }
}
