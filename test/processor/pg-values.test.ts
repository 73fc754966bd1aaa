import { describe, expect, it } from 'vitest'
import { rowToEvent } from '../../processor/event.ts'
import { decodePgText } from '../../processor/relay/pg-values.ts'
import { parsePgTimestamp } from '../../processor/relay/pg-timestamp.ts'

describe('parsePgTimestamp', () => {
  it('keeps microseconds exactly and gives an ISO millisecond value', () => {
    const t = parsePgTimestamp('2026-01-05 10:11:12.345678+00')
    expect(t.text).toBe('2026-01-05 10:11:12.345678+00')
    expect(t.iso).toBe('2026-01-05T10:11:12.345Z')
    expect(t.epochMicros).toBe(Date.UTC(2026, 0, 5, 10, 11, 12) * 1000 + 345678)
  })

  it('applies zone offsets, including minutes and seconds', () => {
    expect(parsePgTimestamp('2026-01-05 12:11:12+02').iso).toBe('2026-01-05T10:11:12.000Z')
    expect(parsePgTimestamp('2026-01-05 05:41:12.5-04:30').iso).toBe('2026-01-05T10:11:12.500Z')
    expect(parsePgTimestamp('1900-01-01 00:00:00+00:09:21').iso).toBe('1899-12-31T23:50:39.000Z')
  })

  it('reads a zoneless timestamp as UTC and pads short fractions', () => {
    const t = parsePgTimestamp('2026-01-05 10:11:12.5')
    expect(t.epochMicros! % 1_000_000).toBe(500_000)
    expect(t.iso).toBe('2026-01-05T10:11:12.500Z')
  })

  it('handles infinity and years before 100', () => {
    expect(parsePgTimestamp('infinity')).toEqual({ text: 'infinity', iso: null, epochMicros: null })
    expect(parsePgTimestamp('0050-03-01 00:00:00+00').iso).toBe('0050-03-01T00:00:00.000Z')
  })

  it('refuses non-ISO DateStyles, naming the fix', () => {
    expect(() => parsePgTimestamp('Mon Jan 05 10:11:12 2026 UTC')).toThrow(/DateStyle=ISO/)
  })
})

describe('decodePgText', () => {
  it('types values by column OID', () => {
    expect(decodePgText('t', 16, 'b')).toBe(true)
    expect(decodePgText('42', 23, 'i')).toBe(42)
    expect(decodePgText('9007199254740993', 20, 'big')).toBe('9007199254740993')
    expect(decodePgText('12', 20, 'seq')).toBe(12)
    expect(decodePgText('1.5', 701, 'f')).toBe(1.5)
    expect(decodePgText('NaN', 701, 'f')).toBe('NaN')
    expect(decodePgText('12.3400', 1700, 'n')).toBe('12.3400')
    expect(decodePgText('{"a": [1, {"b": null}]}', 3802, 'payload')).toEqual({ json: { a: [1, { b: null }] } })
    expect(decodePgText(null, 3802, 'payload')).toBeNull()
    expect(decodePgText('8d4f…', 2950, 'id')).toBe('8d4f…')
  })

  it('names the column when JSON is broken', () => {
    expect(() => decodePgText('{', 3802, 'payload')).toThrow(/column "payload"/)
  })
})

describe('rowToEvent', () => {
  it('maps timestamps to ISO + exact text and unwraps JSON', () => {
    const event = rowToEvent({
      id: 'e1',
      seq: 7,
      payload: { json: { total: 12.5 } },
      created_at: parsePgTimestamp('2026-01-05 10:11:12.345678+00'),
      scheduled_at: null,
    })
    expect(event).toEqual({
      id: 'e1',
      seq: 7,
      payload: { total: 12.5 },
      created_at: '2026-01-05T10:11:12.345Z',
      created_at_pg: '2026-01-05 10:11:12.345678+00',
      scheduled_at: null,
    })
  })

  it('refuses a row without id', () => {
    expect(() => rowToEvent({ id: null })).toThrow(/primary key/)
  })
})
