// What both sides of bench/harness-limits.ts write: rows and Kafka records taken from the
// scenarios' own generator (test/verify/support/events.ts), picked near the sizes the bench is
// about (a ~500-byte jsonb payload; a ~700-byte record value), so pgbench and the node engine,
// ProducerPerformance and k6/x/kafka send the same bytes.
import { toMessage, type KafkaMessage } from '../../scenarios/lib/sinks/kafka.ts'
import { generateRows } from '../../test/verify/support/events.ts'

const SAMPLE = 5_000

/** The `count` items closest in size to `target`, by `size`. */
function closest<T>(items: T[], size: (t: T) => number, target: number, count: number): T[] {
  return [...items].sort((a, b) => Math.abs(size(a) - target) - Math.abs(size(b) - target)).slice(0, count)
}

export interface PgRow {
  type: string
  aggregateType: string
  /** The payload as JSON text (bound to `$n::jsonb`). */
  payload: string
}

/** One generated row with its payload nearest `targetBytes` (pgbench binds a single -D value). */
export function pgRow(runId: string, targetBytes = 500): PgRow {
  const rows = [...generateRows({ seed: runId, runId, events: SAMPLE, vus: 8 })]
  const [row] = closest(rows, (r) => JSON.stringify(r.payload).length, targetBytes, 1)
  return { type: row!.type, aggregateType: row!.aggregate_type, payload: JSON.stringify(row!.payload) }
}

/** `count` records as the Kafka sink produces them (key, headers, JSON value) near `targetBytes`. */
export function kafkaMessages(runId: string, count = 500, targetBytes = 700): KafkaMessage[] {
  const now = Date.now()
  const all = [...generateRows({ seed: runId, runId, events: SAMPLE, vus: 8 })].map((r) => toMessage(r, now))
  return closest(all, (m) => Buffer.byteLength(m.value), targetBytes, count)
}

export const meanBytes = (xs: string[]): number => Math.round(xs.reduce((n, x) => n + Buffer.byteLength(x), 0) / Math.max(1, xs.length))
