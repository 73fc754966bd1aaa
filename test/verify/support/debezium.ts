// Kafka records shaped like those of Debezium's Postgres connector with the JSON converter
// (schemas enabled): key {schema, payload: {id}}, value {schema, payload: {before, after,
// source, op, ts_ms, ...}}; uuid as io.debezium.data.Uuid text, jsonb as io.debezium.data.Json
// text, timestamptz as io.debezium.time.ZonedTimestamp text (microseconds, UTC). The field
// layout follows the connector's documentation (see ../shared/reference/pipeline-anchors.md §3).

export interface SourceRow {
  id: string
  run_id: string
  seq: string
  type: string
  aggregate_type: string
  aggregate_id: string
  payload: unknown
  /** Postgres text with microseconds, e.g. 2026-01-05 10:11:12.351234+00 */
  scheduled_at: string | null
  created_at: string
  txid: string
  lsn: string
}

const field = (name: string, type: string, optional: boolean, logical?: string) => ({ type, optional, ...(logical ? { name: logical, version: 1 } : {}), field: name })

const rowSchema = (name: string) => ({
  type: 'struct',
  optional: true,
  name,
  field: '',
  fields: [
    field('id', 'string', false, 'io.debezium.data.Uuid'),
    field('run_id', 'string', false),
    field('seq', 'int64', false),
    field('type', 'string', false),
    field('aggregate_type', 'string', false),
    field('aggregate_id', 'string', false),
    field('payload', 'string', false, 'io.debezium.data.Json'),
    field('scheduled_at', 'string', true, 'io.debezium.time.ZonedTimestamp'),
    field('created_at', 'string', false, 'io.debezium.time.ZonedTimestamp'),
  ],
})

/** Postgres `2026-01-05 10:11:12.351234+00` -> ZonedTimestamp `2026-01-05T10:11:12.351234Z`. */
export function zonedTimestamp(pgText: string): string {
  return pgText.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z')
}

export function debeziumKey(table: string, id: string): string {
  return JSON.stringify({ schema: { type: 'struct', optional: false, name: `pg.public.${table}.Key`, fields: [field('id', 'string', false, 'io.debezium.data.Uuid')] }, payload: { id } })
}

export function debeziumValue(table: string, row: SourceRow, processedAtMs: number): string {
  const after = {
    id: row.id,
    run_id: row.run_id,
    seq: Number(row.seq),
    type: row.type,
    aggregate_type: row.aggregate_type,
    aggregate_id: row.aggregate_id,
    payload: JSON.stringify(row.payload),
    scheduled_at: row.scheduled_at === null ? null : zonedTimestamp(row.scheduled_at),
    created_at: zonedTimestamp(row.created_at),
  }
  const commitMs = Math.floor(Date.parse(after.created_at))
  const source = {
    version: '3.2.0.Final', connector: 'postgresql', name: 'pg', ts_ms: commitMs, ts_us: commitMs * 1000, ts_ns: commitMs * 1_000_000,
    snapshot: 'false', db: 'eventload', sequence: JSON.stringify([row.lsn, row.lsn]), schema: 'public', table, txId: Number(row.txid), lsn: Number(BigInt(`0x${row.lsn.replace('/', '')}`) & 0xffffffffn), xmin: null,
  }
  const schema = {
    type: 'struct',
    optional: false,
    name: `pg.public.${table}.Envelope`,
    version: 2,
    fields: [
      { ...rowSchema(`pg.public.${table}.Value`), field: 'before' },
      { ...rowSchema(`pg.public.${table}.Value`), field: 'after' },
      { type: 'struct', optional: false, name: 'io.debezium.connector.postgresql.Source', field: 'source', fields: [] },
      field('op', 'string', false),
      field('ts_ms', 'int64', true),
      field('ts_us', 'int64', true),
      field('ts_ns', 'int64', true),
    ],
  }
  return JSON.stringify({
    schema,
    payload: { before: null, after, source, transaction: null, op: 'c', ts_ms: processedAtMs, ts_us: processedAtMs * 1000, ts_ns: processedAtMs * 1_000_000 },
  })
}
