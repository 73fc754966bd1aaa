// What a run left in Postgres, as the scenario library's promises need it: counts per type,
// references to entities not created earlier, seq uniqueness, timing columns.

import type pg from 'pg'
import { MIX_TYPES } from '../../../scenarios/lib/events/catalog.ts'
import { danglingReferencesSql, referenceCountSql } from './integrity-sql.ts'

export interface RunFacts {
  total: number
  catalog: number
  byType: Record<string, number>
  /** Share of each mix type among the non-catalogue events. */
  shares: Record<string, number>
  references: number
  dangling: { id: string; type: string; entity: string; ref: string }[]
  duplicateSeq: number
  /** Rows whose created_at is before their scheduled_at (must be none). */
  createdBeforeScheduled: number
  firstCreated: Date | undefined
  lastCreated: Date | undefined
}

export async function runFacts(pool: pg.Pool, runId: string, table = 'events'): Promise<RunFacts> {
  const types = await pool.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM ${table} WHERE run_id = $1 GROUP BY type`, [runId])
  const byType = Object.fromEntries(types.rows.map((r) => [r.type, r.n]))
  const catalog = byType.product_listed ?? 0
  const total = types.rows.reduce((s, r) => s + r.n, 0)
  const events = total - catalog
  const shares = Object.fromEntries(MIX_TYPES.map((t) => [t, events > 0 ? (byType[t] ?? 0) / events : 0]))
  const refs = await pool.query<{ n: number }>(referenceCountSql(table), [runId])
  const dangling = await pool.query<RunFacts['dangling'][number]>(danglingReferencesSql(table), [runId])
  const misc = await pool.query<{ dup: number; early: number; first: Date | null; last: Date | null }>(
    `SELECT (SELECT count(*)::int FROM (SELECT seq FROM ${table} WHERE run_id = $1 GROUP BY seq HAVING count(*) > 1) d) AS dup,
            count(*) FILTER (WHERE created_at < scheduled_at)::int AS early,
            min(created_at) FILTER (WHERE type <> 'product_listed') AS first,
            max(created_at) FILTER (WHERE type <> 'product_listed') AS last
       FROM ${table} WHERE run_id = $1`,
    [runId],
  )
  const m = misc.rows[0]!
  return {
    total, catalog, byType, shares, references: refs.rows[0]!.n, dangling: dangling.rows, duplicateSeq: m.dup,
    createdBeforeScheduled: m.early, firstCreated: m.first ?? undefined, lastCreated: m.last ?? undefined,
  }
}

/** Payload text by seq for the run's events (jsonb normalises the text, so equal JSON = equal bytes). */
export async function payloadsBySeq(pool: pg.Pool, runId: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ seq: string; p: string }>(`SELECT seq::text AS seq, payload::text AS p FROM events WHERE run_id = $1 ORDER BY seq`, [runId])
  return new Map(rows.map((r) => [r.seq, r.p]))
}

export async function deleteRuns(pool: pg.Pool, runIds: string[]): Promise<void> {
  await pool.query('DELETE FROM events WHERE run_id = ANY($1)', [runIds])
}
