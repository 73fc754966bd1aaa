import { Binary, Decimal128, Long, ObjectId } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { defaultProfile } from '../../orchestrator/profile/default.ts'
import { canonicalJson, contentHash } from '../../orchestrator/verify/canonical.ts'
import { FieldChecker } from '../../orchestrator/verify/fields.ts'
import { normalizeId, parseIsoMs, toEpochMs, valuesAtPath } from '../../orchestrator/verify/normalize.ts'

describe('canonical JSON and content hash', () => {
  it('ignores key order and numeric representation, keeps every value', () => {
    const pgSide = { b: 1, a: { y: [1, 2, { z: 'é' }], x: null }, n: 10 }
    const mongoSide = { a: { x: null, y: [1, 2, { z: 'é' }] }, n: Long.fromNumber(10), b: 1.0 }
    expect(contentHash(mongoSide)).toBe(contentHash(pgSide))
    expect(canonicalJson({ d: new Date('2026-01-05T10:11:12.345Z'), i: new ObjectId('0123456789abcdef01234567'), m: Decimal128.fromString('2.5') })).toBe(
      '{"d":"2026-01-05T10:11:12.345Z","i":"0123456789abcdef01234567","m":2.5}',
    )
  })

  it('changes when any value changes (the corrupt fault: +1, " (corrupted)", negation, extra field)', () => {
    const base = { total: 10.5, name: 'x', vip: true, lines: [{ sku: 'a' }] }
    const h = contentHash(base)
    for (const changed of [{ ...base, total: 11.5 }, { ...base, name: 'x (corrupted)' }, { ...base, vip: false }, { ...base, lines: 'corrupted' }, { ...base, __corrupted: true }]) {
      expect(contentHash(changed)).not.toBe(h)
    }
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]))
  })
})

describe('normalisation', () => {
  it('event ids: UUIDs lower-cased from text or BSON Binary; other ids kept', () => {
    expect(normalizeId('8D4F0A8E-1C2B-4D3E-9F00-AABBCCDDEEFF')).toBe('8d4f0a8e-1c2b-4d3e-9f00-aabbccddeeff')
    expect(normalizeId(new Binary(Buffer.from('8d4f0a8e1c2b4d3e9f00aabbccddeeff', 'hex'), 4))).toBe('8d4f0a8e-1c2b-4d3e-9f00-aabbccddeeff')
    expect(normalizeId('Order-7')).toBe('Order-7')
    expect(normalizeId(42)).toBe('42')
    expect(normalizeId(null)).toBeNull()
    expect(normalizeId({ id: 'x' })).toBeNull()
  })

  it('timestamps: ISO and Postgres text keep microseconds; epoch numbers by unit or magnitude', () => {
    const ms = Date.UTC(2026, 0, 5, 10, 11, 12, 351)
    expect(parseIsoMs('2026-01-05 10:11:12.351234+00')).toBeCloseTo(ms + 0.234, 6)
    expect(parseIsoMs('2026-01-05T10:11:12.351234Z')).toBeCloseTo(ms + 0.234, 6)
    expect(parseIsoMs('2026-01-05T12:11:12.351+02:00')).toBe(ms)
    expect(toEpochMs(ms)).toBe(ms)
    expect(toEpochMs(ms * 1000)).toBe(ms)
    expect(toEpochMs(ms * 1_000_000)).toBe(ms)
    expect(toEpochMs(String(ms * 1000), 'epoch-us')).toBe(ms)
    expect(toEpochMs(new Date(ms))).toBe(ms)
    expect(toEpochMs(Long.fromNumber(ms))).toBe(ms)
    expect(toEpochMs(undefined)).toBeNaN()
    expect(toEpochMs('not a date')).toBeNaN()
  })

  it('reference paths step through arrays', () => {
    const payload = { customer_id: 'c1', lines: [{ sku: 'a' }, { sku: 'b' }, {}], payment_id: null }
    expect(valuesAtPath(payload, 'customer_id')).toEqual(['c1'])
    expect(valuesAtPath(payload, 'lines[].sku')).toEqual(['a', 'b'])
    expect(valuesAtPath(payload, 'payment_id')).toEqual([])
    expect(valuesAtPath(payload, 'missing')).toEqual([])
  })
})

describe('required fields', () => {
  const checker = new FieldChecker(defaultProfile())
  const good = {
    event_id: 'e', run_id: 'r', type: 'payment_captured', aggregate_id: 'o', created_at: new Date(), processed_at: new Date(), kafka: { timestamp: new Date() },
    payload: { order_id: 'o', payment_id: 'p', amount: 10.5, currency: 'EUR' },
  }
  it('accepts a complete document', () => {
    expect(checker.check(good, 'payment_captured')).toEqual([])
  })
  it('names each missing field and wrong type', () => {
    const bad = { ...good, processed_at: 'never', payload: { order_id: 'o', amount: '10.5', currency: 'EUR' } }
    expect(checker.check(bad, 'payment_captured')).toEqual([
      'processed_at: expected date, got a string',
      'payload.payment_id: expected string, got missing',
      'payload.amount: expected number, got a string',
    ])
  })
  it('checks only the common fields for a type the profile does not list', () => {
    expect(checker.check({ ...good, type: 'other', payload: {} }, 'other')).toEqual([])
  })
})
