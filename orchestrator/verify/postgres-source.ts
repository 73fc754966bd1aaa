// The committed events of a run, from Postgres, in event-id order (UTF-8 byte order, the order
// the other streams are sorted in), with what the checks need: type, timestamps (microseconds
// kept), the payload's content hash and the entity ids it creates.
import type { PipelineProfile } from '../profile/schema.ts'
import { ident, qualifiedTable } from '../profile/sql.ts'
import { contentHash } from './canonical.ts'
import { valuesAtPath } from './normalize.ts'
import type { PgSnapshot } from './pg-snapshot.ts'

export interface PgEvent {
  id: string
  type: string
  /** epoch ms with microsecond fractions */
  createdAt: number
  scheduledAt: number
  /** per-aggregate order (seq), when the profile names a column */
  seq: string | null
  hash: string
  /** `${entity}\u0000${id}` keys this event creates (profile.events[type].creates) */
  creates: string[]
}

export const UUID_SQL_PATTERN = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'

export function entityKey(entity: string, id: string): string {
  return `${entity}\u0000${id}`
}

/** The SQL expression of the event id as the other streams write it (a UUID lower-cased). */
export async function idExpression(db: Pick<PgSnapshot, 'query'>, profile: PipelineProfile): Promise<string> {
  const { rows } = await db.query<{ type: string }>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped`,
    [`${ident(profile.postgres.schema)}.${ident(profile.postgres.table)}`, profile.postgres.columns.id],
  )
  if (rows.length === 0) {
    throw new Error(
      `Postgres: no column "${profile.postgres.columns.id}" in ${profile.postgres.schema}.${profile.postgres.table}; ` +
        'check postgres.table and postgres.columns.id in the profile',
    )
  }
  const id = ident(profile.postgres.columns.id)
  // uuid sorts as its lower-case hex text; text ids are normalised the way normalizeId does.
  return rows[0]!.type === 'uuid' ? id : `(CASE WHEN ${id}::text ~ '${UUID_SQL_PATTERN}' THEN lower(${id}::text) ELSE ${id}::text END)`
}

export async function* postgresEvents(db: PgSnapshot, profile: PipelineProfile, runId: string): AsyncGenerator<PgEvent> {
  const c = profile.postgres.columns
  const idExpr = await idExpression(db, profile)
  const epochMs = (col: string) => `(extract(epoch from ${ident(col)}) * 1000)::float8`
  const sql =
    `SELECT ${idExpr}::text AS id, ${ident(c.type)}::text AS type, ${ident(c.payload)}::jsonb AS payload, ` +
    `${epochMs(c.createdAt)} AS created_ms, ${c.scheduledAt ? epochMs(c.scheduledAt) : 'NULL::float8'} AS scheduled_ms, ` +
    `${c.seq ? `${ident(c.seq)}::text` : 'NULL::text'} AS seq ` +
    `FROM ${qualifiedTable(profile)} WHERE ${ident(c.runId)} = $1 ORDER BY ${idExpr === ident(c.id) ? idExpr : `${idExpr} COLLATE "C"`}`
  type Row = { id: string; type: string | null; payload: unknown; created_ms: number | null; scheduled_ms: number | null; seq: string | null }
  for await (const row of db.rows<Row>(sql, [runId])) {
    const type = row.type ?? 'unknown'
    const creates = profile.events[type]?.creates
    yield {
      id: row.id,
      type,
      createdAt: row.created_ms ?? NaN,
      scheduledAt: row.scheduled_ms ?? NaN,
      seq: row.seq,
      hash: contentHash(row.payload),
      creates: creates ? valuesAtPath(row.payload, creates.path).map((v) => entityKey(creates.entity, v)) : [],
    }
  }
}
