// Reads the event id, run id, type and timestamps of one Kafka record as the profile says:
// from a header, the key, the JSON value, or a Debezium envelope (`after.*`, `source.ts_ms`),
// with or without the JSON converter's {schema, payload} wrapper. The value is parsed only
// when a field needs it, and only for records that can belong to the run.
import type { KafkaRef, KafkaTimestampRef, PipelineProfile } from '../profile/schema.ts'
import { normalizeId, readPath, toEpochMs } from '../verify/normalize.ts'

export interface RawKafkaRecord {
  key: Buffer | null
  value: Buffer | null
  headers: [Buffer | null, Buffer | null][]
}

export interface TailEvent {
  eventId: string
  type: string
  /** epoch ms; NaN when the profile reads none */
  createdAtMs: number
  scheduledAtMs: number
  committedAtMs: number
}

export type ReadOutcome = { kind: 'event'; event: TailEvent } | { kind: 'other-run' } | { kind: 'unreadable'; reason: string }

interface Parsed {
  envelope: unknown
  row: unknown
}

export class RecordReader {
  readonly #profile: PipelineProfile
  readonly #runId: string
  readonly #runIdBytes: Buffer
  readonly #needsValue: boolean

  constructor(profile: PipelineProfile, runId: string) {
    this.#profile = profile
    this.#runId = runId
    this.#runIdBytes = Buffer.from(runId)
    const k = profile.kafka
    const refs = [k.eventId, k.runId, k.type, k.createdAt, k.scheduledAt, k.committedAt].filter((r): r is KafkaRef => r !== undefined)
    this.#needsValue = refs.some((r) => r.from === 'value' || r.from === 'envelope')
  }

  read(record: RawKafkaRecord): ReadOutcome {
    const k = this.#profile.kafka
    // Cheap pre-filter: a record whose value does not even contain the run id is another run's.
    if (k.runId.from === 'value' || k.runId.from === 'envelope') {
      if (!record.value || record.value.indexOf(this.#runIdBytes) < 0) return record.value ? { kind: 'other-run' } : { kind: 'unreadable', reason: 'no value (tombstone)' }
    }
    let parsed: Parsed | null | undefined
    const parse = (): Parsed | null => {
      if (parsed !== undefined) return parsed
      parsed = null
      if (!this.#needsValue || !record.value) return parsed
      let json: unknown
      try {
        json = JSON.parse(record.value.toString('utf8'))
      } catch {
        return parsed
      }
      if (this.#profile.kafka.envelope === 'debezium') {
        const wrapped = json !== null && typeof json === 'object' && 'payload' in json && 'schema' in json
        const envelope = wrapped ? (json as { payload: unknown }).payload : json
        parsed = { envelope, row: readPath(envelope, 'after') }
      } else parsed = { envelope: json, row: json }
      return parsed
    }
    const get = (ref: KafkaRef): unknown => {
      switch (ref.from) {
        case 'header':
          return header(record, ref.name)
        case 'key':
          return record.key?.toString('utf8')
        case 'value':
          return readPath(parse()?.row, ref.path)
        case 'envelope':
          return readPath(parse()?.envelope, ref.path)
      }
    }
    const runId = get(k.runId)
    if (runId === undefined || runId === null) {
      return parse() === null ? { kind: 'unreadable', reason: 'value is not JSON' } : { kind: 'unreadable', reason: 'no run id' }
    }
    if ((typeof runId === 'string' ? runId : JSON.stringify(runId)) !== this.#runId) return { kind: 'other-run' }
    const eventId = normalizeId(get(k.eventId))
    if (eventId === null) return { kind: 'unreadable', reason: 'no event id' }
    const time = (ref: KafkaTimestampRef | undefined): number => (ref ? toEpochMs(get(ref), ref.format) : NaN)
    const type = k.type ? get(k.type) : undefined
    return {
      kind: 'event',
      event: {
        eventId,
        type: typeof type === 'string' && type !== '' ? type : 'unknown',
        createdAtMs: time(k.createdAt),
        scheduledAtMs: time(k.scheduledAt),
        committedAtMs: time(k.committedAt),
      },
    }
  }
}

function header(record: RawKafkaRecord, name: string): string | undefined {
  for (const [k, v] of record.headers) {
    if (k && v && k.length === name.length && k.toString('utf8') === name) return v.toString('utf8')
  }
  return undefined
}
