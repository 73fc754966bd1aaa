import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultProfile } from '../../orchestrator/profile/default.ts'
import { loadProfile } from '../../orchestrator/profile/load.ts'
import { DedupeWindow } from '../../orchestrator/tail/dedupe-window.ts'
import { RecordReader, type KafkaRecordView } from '../../orchestrator/tail/record-reader.ts'
import { readSpill, SpillWriter, type SpillEntry } from '../../orchestrator/tail/spill.ts'
import { debeziumKey, debeziumValue } from '../verify/support/debezium.ts'
import { recordOf } from './support/record-view.ts'

const record = (value: unknown, headers: Record<string, string> = {}, key?: string): KafkaRecordView =>
  recordOf({
    key: key === undefined ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: Object.entries(headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)]),
  })

describe('RecordReader, reference processor profile', () => {
  const reader = new RecordReader(defaultProfile(), 'run-1')
  const id = '8D4F0A8E-1C2B-4D3E-9F00-AABBCCDDEEFF'
  const value = { id, run_id: 'run-1', type: 'order_placed', created_at: '2026-01-05T10:11:12.351Z', scheduled_at: '2026-01-05T10:11:12.300Z' }

  it('reads the id from the event-id header and the rest from the value', () => {
    const out = reader.read(record(value, { 'event-id': id }))
    expect(out).toEqual({
      kind: 'event',
      event: { eventId: id.toLowerCase(), type: 'order_placed', createdAtMs: Date.parse(value.created_at), scheduledAtMs: Date.parse(value.scheduled_at), committedAtMs: NaN },
    })
  })

  it('skips other runs without parsing, and reports unreadable records', () => {
    expect(reader.read(record({ ...value, run_id: 'run-2' }, { 'event-id': id }))).toEqual({ kind: 'other-run' })
    // "run-1" appears in the bytes, but the run id field says otherwise
    expect(reader.read(record({ ...value, run_id: 'run-10', note: 'run-1' }, { 'event-id': id }))).toEqual({ kind: 'other-run' })
    expect(reader.read(record(null))).toMatchObject({ kind: 'unreadable' })
    expect(reader.read(record('run-1 but not json', { 'event-id': id }))).toMatchObject({ kind: 'unreadable', reason: 'value is not a JSON object' })
    expect(reader.read(record(value))).toMatchObject({ kind: 'unreadable', reason: 'no event id' })
  })
})

describe('RecordReader, Debezium envelope profile', async () => {
  const profile = await loadProfile('orchestrator/profile/examples/debezium-mongo-sink.yaml')
  const reader = new RecordReader(profile, 'run-d')
  const row = {
    id: '0b6f3c9e-7d2a-4c1b-8e5f-112233445566', run_id: 'run-d', seq: '3', type: 'order_placed', aggregate_type: 'order', aggregate_id: 'ord_1',
    payload: { order_id: 'ord_1' }, scheduled_at: '2026-01-05 10:11:12.300000+00', created_at: '2026-01-05 10:11:12.351234+00', txid: '771', lsn: '0/16B3748',
  }

  it('reads after.* and source.ts_ms from a {schema, payload} envelope, keeping microseconds', () => {
    const out = reader.read(recordOf({ value: Buffer.from(debeziumValue('events', row, 0)), key: Buffer.from(debeziumKey('events', row.id)) }))
    expect(out.kind).toBe('event')
    if (out.kind !== 'event') return
    expect(out.event.eventId).toBe(row.id)
    expect(out.event.type).toBe('order_placed')
    expect(out.event.createdAtMs).toBeCloseTo(Date.UTC(2026, 0, 5, 10, 11, 12, 351) + 0.234, 6)
    expect(out.event.committedAtMs).toBe(Date.UTC(2026, 0, 5, 10, 11, 12, 351))
  })

  it('reads an envelope without the schema wrapper too, and skips deletes (after = null)', () => {
    const envelope = (JSON.parse(debeziumValue('events', row, 0)) as { payload: Record<string, unknown> }).payload
    expect(reader.read(record(envelope)).kind).toBe('event')
    expect(reader.read(record({ ...envelope, before: envelope.after, after: null, op: 'd' }))).toMatchObject({ kind: 'unreadable', reason: 'no run id' })
  })
})

describe('spill file', () => {
  it('round-trips every field, in arrival order, across buffer flushes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spill-'))
    const w = new SpillWriter(join(dir, 'tail-events.bin'))
    const entries: SpillEntry[] = []
    for (let i = 0; i < 30_000; i++) {
      entries.push({
        eventId: `id-${i}-ünï`, type: `t${i % 3}`, topic: i % 2 ? 'a' : 'b', partition: i % 6, offset: i, kafkaTs: 1e12 + i, logAppendTime: i % 2,
        seenAt: 1e12 + i + 0.5, createdAt: i % 5 ? 1e12 + i - 3.25 : NaN, scheduledAt: NaN, committedAt: 1e12,
      })
    }
    for (const e of entries) w.append(e)
    await w.close()
    const back: SpillEntry[] = []
    for await (const e of readSpill(w.path, w.types, w.topics)) back.push(e)
    expect(back).toEqual(entries)
  })
})

describe('DedupeWindow', () => {
  it('detects repeats within the window and forgets beyond two generations', () => {
    const w = new DedupeWindow(2)
    expect(['a', 'b', 'a', 'c', 'd', 'e', 'a'].map((x) => w.seen(x))).toEqual([false, false, true, false, false, false, false])
  })
})
