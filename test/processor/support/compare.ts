// Compares MongoDB's event documents with the Postgres rows they came from, field by field,
// using Postgres' own text for timestamps (the connection runs in UTC, like the relay's).
import { isDeepStrictEqual } from 'node:util'
import type { Document } from 'mongodb'
import type pg from 'pg'

export interface SourceRow {
  id: string
  run_id: string
  seq: number
  type: string
  aggregate_type: string
  aggregate_id: string
  payload: unknown
  scheduled_at_pg: string | null
  created_at_pg: string
}

export async function loadSource(pool: pg.Pool, table: string, runId: string): Promise<Map<string, SourceRow>> {
  const res = await pool.query<SourceRow & { seq: string }>(
    `SELECT id::text, run_id, seq::text, type, aggregate_type, aggregate_id, payload,
            scheduled_at::text AS scheduled_at_pg, created_at::text AS created_at_pg
       FROM ${table} WHERE run_id = $1`,
    [runId],
  )
  return new Map(res.rows.map((r) => [r.id, { ...r, seq: Number(r.seq) }]))
}

export interface Comparison {
  missing: string[]
  unexpected: string[]
  duplicated: string[]
  mismatched: { id: string; field: string; expected: unknown; actual: unknown }[]
}

/** Every source row must have exactly one document with `_id` = `event_id` = its id and equal fields. */
export function compareWithPostgres(source: Map<string, SourceRow>, docs: Document[]): Comparison {
  const byEvent = new Map<string, Document[]>()
  for (const d of docs) {
    const list = byEvent.get(d.event_id as string) ?? []
    list.push(d)
    byEvent.set(d.event_id as string, list)
  }
  const result: Comparison = { missing: [], unexpected: [], duplicated: [], mismatched: [] }
  for (const id of byEvent.keys()) if (!source.has(id)) result.unexpected.push(id)
  for (const [id, row] of source) {
    const found = byEvent.get(id)
    if (!found) {
      result.missing.push(id)
      continue
    }
    if (found.length > 1) result.duplicated.push(id)
    result.mismatched.push(...fieldMismatches(row, found[0]!))
  }
  return result
}

export function fieldMismatches(row: SourceRow, doc: Document): Comparison['mismatched'] {
  const out: Comparison['mismatched'] = []
  const check = (field: string, expected: unknown, actual: unknown) => {
    if (!isDeepStrictEqual(expected, actual)) out.push({ id: row.id, field, expected, actual })
  }
  check('_id', row.id, doc._id)
  for (const f of ['run_id', 'seq', 'type', 'aggregate_type', 'aggregate_id', 'payload', 'scheduled_at_pg', 'created_at_pg'] as const) {
    check(f, row[f], doc[f])
  }
  // The BSON dates are the same instants, truncated to milliseconds.
  check('created_at', Math.floor(Date.parse(row.created_at_pg.replace(' ', 'T').replace(/\+00$/, 'Z').replace(/(\.\d{3})\d+/, '$1'))), (doc.created_at as Date | undefined)?.getTime())
  for (const f of ['processed_at', 'kafka'] as const) if (doc[f] === undefined) out.push({ id: row.id, field: f, expected: 'present', actual: undefined })
  return out
}
