// A Kafka record as the writers see it, and its decoding into events: records that are not
// eventload events are returned separately so the caller can keep them, never drop them.
import { parseEventJson } from '../event.ts'
import type { KafkaCoordinates } from './event-document.ts'
import type { ConsumedEvent } from './write-plan.ts'

export interface RawRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: bigint
  readonly timestamp: bigint
  readonly value: string | undefined
}

export interface Rejected {
  readonly kafka: KafkaCoordinates
  readonly value: string | null
  readonly error: string
}

export function decodeRecords(records: readonly RawRecord[]): { events: ConsumedEvent[]; rejected: Rejected[] } {
  const events: ConsumedEvent[] = []
  const rejected: Rejected[] = []
  const seen = new Set<string>()
  for (const r of records) {
    const kafka = { topic: r.topic, partition: r.partition, offset: Number(r.offset), timestamp: new Date(Number(r.timestamp)) }
    try {
      const event = parseEventJson(r.value ?? '')
      // A relay replay can put the same event twice into one batch; the first one counts.
      if (seen.has(event.id)) continue
      seen.add(event.id)
      events.push({ event, kafka })
    } catch (error) {
      rejected.push({ kafka, value: r.value ?? null, error: (error as Error).message })
    }
  }
  return { events, rejected }
}
