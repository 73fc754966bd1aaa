// The Kafka sink, for loading the consumer stage alone (kafka-direct): it produces exactly what the
// reference processor publishes for a row (docs/processor.md): key = aggregate id, headers event-id
// and created-at, value = the row as JSON with each timestamp as ISO-8601 plus its Postgres text
// form under `<column>_pg`. created_at is the producer's clock, since no database stamped it.

import type { EventRow } from '../events/row.ts'
import type { Sink } from './sink.ts'

export interface KafkaMessage {
  key: string
  value: string
  headers: Record<string, string>
}

/** The part of xk6-kafka's Producer (and of a Node adapter) this sink uses. */
export interface KafkaProducer {
  produce(config: { messages: KafkaMessage[] }): Promise<void>
}

/** "2026-01-05T10:11:12.345Z" -> "2026-01-05 10:11:12.345+00", as Postgres prints timestamptz in UTC. */
export function pgText(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '+00')
}

export function toMessage(row: EventRow, createdAtMs: number): KafkaMessage {
  const createdAt = new Date(createdAtMs).toISOString()
  const value = {
    id: row.id,
    run_id: row.run_id,
    seq: row.seq,
    type: row.type,
    aggregate_type: row.aggregate_type,
    aggregate_id: row.aggregate_id,
    payload: row.payload,
    scheduled_at: row.scheduled_at,
    scheduled_at_pg: pgText(row.scheduled_at),
    created_at: createdAt,
    created_at_pg: pgText(createdAt),
  }
  return { key: row.aggregate_id, value: JSON.stringify(value), headers: { 'event-id': row.id, 'created-at': createdAt } }
}

export class KafkaSink implements Sink {
  readonly name = 'kafka'

  constructor(
    private readonly producer: KafkaProducer,
    readonly target: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async check(): Promise<void> {
    // A produce is the only check xk6-kafka's Producer offers; the catalogue written by setup() is
    // that first produce, and its error names the brokers (see scenario.ts).
  }

  async write(rows: EventRow[]): Promise<void> {
    if (rows.length === 0) return
    const now = this.clock()
    await this.producer.produce({ messages: rows.map((row) => toMessage(row, now)) })
  }
}
