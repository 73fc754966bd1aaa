// The MongoDB document for one event (collection `events`): the event's fields, timestamps
// as BSON dates (their exact Postgres text kept in `<name>_pg`), plus where the consumer
// got it from (`kafka`) and when it wrote it (`processed_at`).
import { EXACT_TIMESTAMP_SUFFIX, type EventJson } from '../event.ts'

export interface KafkaCoordinates {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  /** the record's timestamp (producer CreateTime unless the topic uses LogAppendTime) */
  readonly timestamp: Date
}

export interface EventDocument {
  /** the event id; only fault-injected documents (duplicate, phantom) differ from event_id */
  _id: string
  event_id: string
  processed_at: Date
  kafka: KafkaCoordinates
  [field: string]: unknown
}

export function eventDocument(event: EventJson, kafka: KafkaCoordinates, processedAt: Date): EventDocument {
  const doc: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(event)) {
    if (key === 'id') continue
    const isTimestamp = typeof value === 'string' && typeof event[key + EXACT_TIMESTAMP_SUFFIX] === 'string'
    doc[key] = isTimestamp ? new Date(value) : value
  }
  return { ...doc, _id: event.id, event_id: event.id, processed_at: processedAt, kafka }
}
