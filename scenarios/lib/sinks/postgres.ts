// The Postgres sink: one INSERT per write, a single row or a multi-row VALUES list for BATCH > 1.
// created_at is left to the column default (clock_timestamp()), so it is the database's clock at
// the moment each row is written.

import type { EventRow } from '../events/row.ts'
import { KnobError } from '../knobs.ts'
import type { Sink } from './sink.ts'

/** The part of xk6-sql's Database (and of a Node adapter) this sink uses. */
export interface SqlDb {
  exec(query: string, ...args: unknown[]): Promise<unknown>
  query(query: string, ...args: unknown[]): Promise<unknown[]>
}

const COLUMNS = ['id', 'run_id', 'seq', 'type', 'aggregate_type', 'aggregate_id', 'payload', 'scheduled_at'] as const
const CASTS: Record<(typeof COLUMNS)[number], string> = {
  id: '::uuid', run_id: '', seq: '::bigint', type: '', aggregate_type: '', aggregate_id: '', payload: '::jsonb', scheduled_at: '::timestamptz',
}
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/

const sqlCache = new Map<string, string>()

/** The INSERT for `rowCount` rows (cached: a scenario uses one or two batch sizes). */
export function insertSql(table: string, rowCount: number, idempotent = false): string {
  const key = `${table}|${rowCount}|${idempotent}`
  const cached = sqlCache.get(key)
  if (cached !== undefined) return cached
  const sql = buildInsertSql(table, rowCount, idempotent)
  sqlCache.set(key, sql)
  return sql
}

function buildInsertSql(table: string, rowCount: number, idempotent: boolean): string {
  if (!IDENTIFIER.test(table)) throw new KnobError(`EVENTS_TABLE: "${table}" is not a table name (letters, digits, _; optionally schema.table)`)
  const tuples: string[] = []
  for (let r = 0; r < rowCount; r++) {
    tuples.push(`(${COLUMNS.map((c, i) => `$${r * COLUMNS.length + i + 1}${CASTS[c]}`).join(', ')})`)
  }
  return `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}${idempotent ? ' ON CONFLICT (id) DO NOTHING' : ''}`
}

export function insertArgs(rows: EventRow[]): unknown[] {
  const args: unknown[] = []
  for (const row of rows) {
    args.push(row.id, row.run_id, row.seq, row.type, row.aggregate_type, row.aggregate_id, JSON.stringify(row.payload), row.scheduled_at)
  }
  return args
}

export class PostgresSink implements Sink {
  readonly name = 'postgres'

  constructor(
    private readonly db: SqlDb,
    readonly target: string,
    private readonly table = 'events',
  ) {}

  async check(): Promise<void> {
    try {
      await this.db.query(`SELECT ${COLUMNS.join(', ')}, created_at FROM ${this.table} LIMIT 0`)
    } catch (error) {
      throw new Error(
        `Postgres ${this.target}: cannot use table ${this.table} (${errorText(error)}). Start the local stack ` +
          '(`npm run stack -- up` runs stack/migrations), or point PG_URL at a database whose events table ' +
          'has the columns of docs/scenarios.md.',
      )
    }
  }

  async write(rows: EventRow[], opts: { idempotent?: boolean } = {}): Promise<void> {
    if (rows.length === 0) return
    await this.db.exec(insertSql(this.table, rows.length, opts.idempotent), ...insertArgs(rows))
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}
