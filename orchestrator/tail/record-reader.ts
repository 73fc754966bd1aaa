// Reads the event id, run id, type and timestamps of one Kafka record as the profile says:
// from a header, the key, the JSON value, or a Debezium envelope (`after.*`, `source.ts_ms`),
// with or without the JSON converter's {schema, payload} wrapper. Only the wanted fields are
// read from the value (json-fields.ts), and only for records that can belong to the run. The
// tail calls this for every record, so the hot path fills one reusable event (`readInto`)
// instead of allocating; `read` is the same as a plain object.
import type { KafkaRef, KafkaTimestampRef, PipelineProfile } from '../profile/schema.ts'
import { normalizeId } from '../verify/normalize.ts'
import { TimestampParser } from './iso-time.ts'
import { buildTrie, extractFields, type FieldTrie } from './json-fields.ts'

/** What the reader needs of a record; record-batch.ts's cursor reads each part in place. */
export interface KafkaRecordView {
  key(): Buffer | null
  value(): Buffer | null
  /** the value of the first header called `name` (UTF-8 bytes) that has one */
  header(name: Buffer): Buffer | null
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

export const EVENT = 0
export const OTHER_RUN = 1
export const UNREADABLE = 2
export type ReadKind = typeof EVENT | typeof OTHER_RUN | typeof UNREADABLE

/** A ref resolved once: its header name as bytes, or the leaf indexes to try (wrapped Debezium form first). */
interface Field {
  from: KafkaRef['from']
  header: Buffer | null
  slots: number[]
}

interface TimeField extends Field {
  parser: TimestampParser
}

export class RecordReader {
  readonly #runId: string
  readonly #runIdBytes: Buffer
  readonly #trie: FieldTrie
  readonly #paths: string[] = []
  readonly #runIdField: Field
  readonly #eventId: Field
  readonly #type: Field | undefined
  readonly #created: TimeField | undefined
  readonly #scheduled: TimeField | undefined
  readonly #committed: TimeField | undefined
  /** filled by `readInto` when it returns EVENT; overwritten by the next call */
  readonly event: TailEvent = { eventId: '', type: '', createdAtMs: NaN, scheduledAtMs: NaN, committedAtMs: NaN }
  /** why `readInto` returned UNREADABLE */
  reason = ''

  constructor(profile: PipelineProfile, runId: string) {
    this.#runId = runId
    this.#runIdBytes = Buffer.from(runId)
    const k = profile.kafka
    const debezium = k.envelope === 'debezium'
    const field = (ref: KafkaRef): Field => {
      if (ref.from === 'header') return { from: ref.from, header: Buffer.from(ref.name), slots: [] }
      if (ref.from === 'key') return { from: ref.from, header: null, slots: [] }
      const forms = !debezium ? [ref.path] : ref.from === 'value' ? [`payload.after.${ref.path}`, `after.${ref.path}`] : [`payload.${ref.path}`, ref.path]
      return { from: ref.from, header: null, slots: forms.map((f) => this.#paths.push(f) - 1) }
    }
    this.#eventId = field(k.eventId)
    this.#runIdField = field(k.runId)
    this.#type = k.type ? field(k.type) : undefined
    const time = (ref: KafkaTimestampRef | undefined): TimeField | undefined => (ref ? { ...field(ref), parser: new TimestampParser(ref.format) } : undefined)
    this.#created = time(k.createdAt)
    this.#scheduled = time(k.scheduledAt)
    this.#committed = time(k.committedAt)
    this.#trie = buildTrie(this.#paths)
  }

  read(record: KafkaRecordView): ReadOutcome {
    const kind = this.readInto(record)
    if (kind === OTHER_RUN) return { kind: 'other-run' }
    if (kind === UNREADABLE) return { kind: 'unreadable', reason: this.reason }
    return { kind: 'event', event: { ...this.event } }
  }

  readInto(record: KafkaRecordView): ReadKind {
    const value = this.#paths.length > 0 ? record.value() : null
    // Cheap pre-filter: a record whose value does not even contain the run id is another run's.
    if (this.#runIdField.slots.length > 0) {
      if (!value) return this.#unreadable('no value (tombstone)')
      if (value.indexOf(this.#runIdBytes) < 0) return OTHER_RUN
    }
    let fields: unknown[] | null = null
    if (this.#paths.length > 0) {
      fields = value ? extractFields(value, this.#trie, this.#paths.length) : null
      if (fields === null) return this.#unreadable('value is not a JSON object')
    }
    const runId = this.#get(this.#runIdField, record, fields)
    if (runId === undefined || runId === null) return this.#unreadable('no run id')
    if ((typeof runId === 'string' ? runId : JSON.stringify(runId)) !== this.#runId) return OTHER_RUN
    const eventId = normalizeId(this.#get(this.#eventId, record, fields))
    if (eventId === null) return this.#unreadable('no event id')
    const type = this.#type ? this.#get(this.#type, record, fields) : undefined
    const e = this.event
    e.eventId = eventId
    e.type = typeof type === 'string' && type !== '' ? type : 'unknown'
    e.createdAtMs = this.#time(this.#created, record, fields)
    e.scheduledAtMs = this.#time(this.#scheduled, record, fields)
    e.committedAtMs = this.#time(this.#committed, record, fields)
    return EVENT
  }

  #unreadable(reason: string): ReadKind {
    this.reason = reason
    return UNREADABLE
  }

  #get(field: Field, record: KafkaRecordView, fields: unknown[] | null): unknown {
    if (field.header) return record.header(field.header)?.toString('utf8')
    if (field.from === 'key') return record.key()?.toString('utf8')
    for (const i of field.slots) {
      const v = fields?.[i]
      if (v !== undefined) return v
    }
    return undefined
  }

  #time(field: TimeField | undefined, record: KafkaRecordView, fields: unknown[] | null): number {
    return field ? field.parser.parse(this.#get(field, record, fields)) : NaN
  }
}
