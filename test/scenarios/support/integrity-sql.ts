// SQL over the events table that checks what the scenario library promises, derived from the
// event catalogue (scenarios/lib/events/catalog.ts) rather than restated:
// - every reference in a payload names an entity that an event of the same run created earlier
//   (created_at strictly before the referencing event's);
// - the type mix of a run.

import { CATALOG, type EventType } from '../../../scenarios/lib/events/catalog.ts'

const TABLE = /^[A-Za-z_][A-Za-z0-9_]*$/

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

/** SQL selecting the ids of the path's values: "customer_id" or "lines[].sku". */
function pathSelect(path: string): { from: string; value: string } {
  const parts = path.split('[].')
  if (parts.length === 1) return { from: '', value: `e.payload->>${literal(path)}` }
  if (parts.length === 2) return { from: `, jsonb_array_elements(e.payload->${literal(parts[0]!)}) AS item`, value: `item->>${literal(parts[1]!)}` }
  throw new Error(`unsupported catalogue path ${path}`)
}

/** Rows (event id, type, entity, missing id) for every reference without an earlier creation; $1 = run_id. */
export function danglingReferencesSql(table = 'events'): string {
  if (!TABLE.test(table)) throw new Error(`bad table name ${table}`)
  const refs: string[] = []
  const creations: string[] = []
  for (const [type, spec] of Object.entries(CATALOG) as [EventType, (typeof CATALOG)[EventType]][]) {
    for (const ref of spec.references) {
      const { from, value } = pathSelect(ref.path)
      refs.push(`SELECT e.id, e.type, e.created_at, ${literal(ref.entity)} AS entity, ${value} AS ref FROM run e${from} WHERE e.type = ${literal(type)}`)
    }
    if (spec.creates) {
      const { from, value } = pathSelect(spec.creates.path)
      creations.push(`SELECT ${literal(spec.creates.entity)} AS entity, ${value} AS ref, e.created_at FROM run e${from} WHERE e.type = ${literal(type)}`)
    }
  }
  return `WITH run AS (SELECT id, type, payload, created_at FROM ${table} WHERE run_id = $1),
refs AS (${refs.join('\n  UNION ALL ')}),
creations AS (${creations.join('\n  UNION ALL ')})
SELECT r.id::text AS id, r.type, r.entity, r.ref FROM refs r
WHERE r.ref IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM creations c WHERE c.entity = r.entity AND c.ref = r.ref AND c.created_at < r.created_at)
ORDER BY r.created_at`
}

/** Number of references checked, to show the check was not vacuous; $1 = run_id. */
export function referenceCountSql(table = 'events'): string {
  return danglingReferencesSql(table).replace(/SELECT r\.id::text AS id, r\.type, r\.entity, r\.ref FROM refs r\nWHERE r\.ref IS NOT NULL AND NOT EXISTS \([\s\S]*$/, 'SELECT count(*)::int AS n FROM refs r WHERE r.ref IS NOT NULL')
}
