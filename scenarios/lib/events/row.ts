// An event as a row of the `events` table (and, as JSON, the value of a Kafka record): the data
// contract of ../../../../shared/design/ARCHITECTURE.md.

import type { GeneratedEvent } from './generator.ts'
import { eventId, type Origin } from './ids.ts'

export interface EventRow {
  id: string
  run_id: string
  /** Position of the event in its run: catalogue first, then iterationInTest * BATCH + k. */
  seq: number
  type: string
  aggregate_type: string
  aggregate_id: string
  payload: Record<string, unknown>
  /** ISO-8601: when the executor meant to start the iteration that wrote the event. */
  scheduled_at: string
}

export interface RowContext {
  seed: string
  runId: string
  origin: Origin
  seq: number
  scheduledAtMs: number
}

export function toRow(event: GeneratedEvent, ctx: RowContext): EventRow {
  return {
    id: eventId(ctx.seed, ctx.runId, ctx.origin),
    run_id: ctx.runId,
    seq: ctx.seq,
    type: event.type,
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    payload: event.payload,
    scheduled_at: new Date(ctx.scheduledAtMs).toISOString(),
  }
}
