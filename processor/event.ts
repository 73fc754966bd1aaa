// The event as it travels from the relay to the consumer: one JSON object per `events` row,
// the Kafka record value. Column names are kept as they are in Postgres; every timestamp
// column `x` becomes `x` (ISO 8601 UTC, milliseconds) plus `x_pg` (the exact Postgres text,
// microseconds and zone included). docs/processor.md describes this shape for other readers.
import { z } from 'zod'
import { isPgTimestamp, type PgValue } from './relay/pg-values.ts'

export interface EventJson {
  id: string
  run_id?: string | null
  seq?: number | string | null
  type?: string | null
  aggregate_type?: string | null
  aggregate_id?: string | null
  payload?: unknown
  scheduled_at?: string | null
  scheduled_at_pg?: string | null
  created_at?: string | null
  created_at_pg?: string | null
  [column: string]: unknown
}

/** Suffix of the companion field that keeps a timestamp's exact Postgres text. */
export const EXACT_TIMESTAMP_SUFFIX = '_pg'

export function rowToEvent(row: Record<string, PgValue>): EventJson {
  const event: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(row)) {
    if (isPgTimestamp(value)) {
      event[column] = value.iso
      event[column + EXACT_TIMESTAMP_SUFFIX] = value.text
    } else if (value !== null && typeof value === 'object') {
      event[column] = value.json
    } else {
      event[column] = value
    }
  }
  if (typeof event.id !== 'string' || event.id === '') {
    throw new Error(
      `events row without an "id" (got ${JSON.stringify(event.id)}): the table must have the id uuid primary key ` +
        `described in shared/design/ARCHITECTURE.md`,
    )
  }
  return event as EventJson
}

const eventSchema = z.looseObject({
  id: z.string().min(1),
  run_id: z.string().nullish(),
  seq: z.union([z.number(), z.string()]).nullish(),
  type: z.string().nullish(),
  aggregate_type: z.string().nullish(),
  aggregate_id: z.string().nullish(),
  scheduled_at: z.string().nullish(),
  created_at: z.string().nullish(),
})

/** Parses a Kafka record value back into an event; throws a message naming what is wrong. */
export function parseEventJson(value: string): EventJson {
  let raw: unknown
  try {
    raw = JSON.parse(value)
  } catch (error) {
    throw new Error(`Kafka record value is not JSON: ${(error as Error).message}`, { cause: error })
  }
  const parsed = eventSchema.safeParse(raw)
  if (!parsed.success) {
    throw new Error(`Kafka record value is not an eventload event: ${z.prettifyError(parsed.error)}`)
  }
  return parsed.data
}
