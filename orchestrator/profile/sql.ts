// SQL built from a profile: identifiers are validated by the schema AND quoted here with pg's
// escapeIdentifier; values (run ids, JSON keys) always travel as bind parameters.
import pg from 'pg'
import type { PipelineProfile } from './schema.ts'

export const ident = (name: string): string => pg.escapeIdentifier(name)

/** `"schema"."table"` */
export function qualifiedTable(profile: PipelineProfile): string {
  return `${ident(profile.postgres.schema)}.${ident(profile.postgres.table)}`
}

/**
 * A SQL expression reading a row path as text: `aggregate_id` -> `"aggregate_id"::text`,
 * `payload.order_id` -> `("payload" #>> $n)` with the JSON keys bound as a text[] parameter.
 * `params` receives the bind values; the returned SQL references them by position.
 */
export function rowPathText(path: string, params: unknown[]): string {
  const [column, ...keys] = path.split('.')
  if (keys.length === 0) return `${ident(column!)}::text`
  params.push(keys)
  return `(${ident(column!)}::jsonb #>> $${params.length}::text[])`
}
