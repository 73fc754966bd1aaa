// Reads the event id, run id, type and timestamps of one Kafka record as the profile says:
// from a header, the key, the JSON value, or a Debezium envelope (`after.*`, `source.ts_ms`),
// with or without the JSON converter's {schema, payload} wrapper. Only the wanted fields are
// read from the value (json-fields.ts), and only for records that can belong to the run.
import type { KafkaRef, KafkaTimestampRef, PipelineProfile } from '../profile/schema.ts'
import { normalizeId, toEpochMs } from '../verify/normalize.ts'
import { buildTrie, extractFields, type FieldTrie } from './json-fields.ts'

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

export class RecordReader {
  readonly #profile: PipelineProfile
  readonly #runId: string
  readonly #runIdBytes: Buffer
  readonly #trie: FieldTrie
  readonly #paths: string[] = []
  /** per value/envelope ref: the leaf indexes to try, wrapped Debezium form first */
  readonly #candidates = new Map<KafkaRef, number[]>()

  constructor(profile: PipelineProfile, runId: string) {
    this.#profile = profile
    this.#runId = runId
    this.#runIdBytes = Buffer.from(runId)
    const k = profile.kafka
    const debezium = k.envelope === 'debezium'
    for (const ref of [k.eventId, k.runId, k.type, k.createdAt, k.scheduledAt, k.committedAt]) {
      if (!ref || (ref.from !== 'value' && ref.from !== 'envelope')) continue
      const forms = !debezium ? [ref.path] : ref.from === 'value' ? [`payload.after.${ref.path}`, `after.${ref.path}`] : [`payload.${ref.path}`, ref.path]
      this.#candidates.set(ref, forms.map((f) => this.#paths.push(f) - 1))
    }
    this.#trie = buildTrie(this.#paths)
  }

  read(record: RawKafkaRecord): ReadOutcome {
    const k = this.#profile.kafka
    // Cheap pre-filter: a record whose value does not even contain the run id is another run's.
    if (k.runId.from === 'value' || k.runId.from === 'envelope') {
      if (!record.value) return { kind: 'unreadable', reason: 'no value (tombstone)' }
      if (record.value.indexOf(this.#runIdBytes) < 0) return { kind: 'other-run' }
    }
    let fields: unknown[] | null = null
    if (this.#paths.length > 0) {
      fields = record.value ? extractFields(record.value, this.#trie, this.#paths.length) : null
      if (fields === null) return { kind: 'unreadable', reason: 'value is not a JSON object' }
    }
    const runId = this.#get(k.runId, record, fields)
    if (runId === undefined || runId === null) return { kind: 'unreadable', reason: 'no run id' }
    if ((typeof runId === 'string' ? runId : JSON.stringify(runId)) !== this.#runId) return { kind: 'other-run' }
    const eventId = normalizeId(this.#get(k.eventId, record, fields))
    if (eventId === null) return { kind: 'unreadable', reason: 'no event id' }
    const type = k.type ? this.#get(k.type, record, fields) : undefined
    return {
      kind: 'event',
      event: {
        eventId,
        type: typeof type === 'string' && type !== '' ? type : 'unknown',
        createdAtMs: this.#time(k.createdAt, record, fields),
        scheduledAtMs: this.#time(k.scheduledAt, record, fields),
        committedAtMs: this.#time(k.committedAt, record, fields),
      },
    }
  }

  #get(ref: KafkaRef, record: RawKafkaRecord, fields: unknown[] | null): unknown {
    switch (ref.from) {
      case 'header':
        return header(record, ref.name)
      case 'key':
        return record.key?.toString('utf8')
      default: {
        for (const i of this.#candidates.get(ref) ?? []) {
          const v = fields?.[i]
          if (v !== undefined) return v
        }
        return undefined
      }
    }
  }

  #time(ref: KafkaTimestampRef | undefined, record: RawKafkaRecord, fields: unknown[] | null): number {
    return ref ? toEpochMs(this.#get(ref, record, fields), ref.format) : NaN
  }
}

function header(record: RawKafkaRecord, name: string): string | undefined {
  for (const [k, v] of record.headers) {
    if (k && v && k.length === name.length && k.toString('utf8') === name) return v.toString('utf8')
  }
  return undefined
}
