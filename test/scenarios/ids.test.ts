import { describe, expect, it } from 'vitest'
import { eventId } from '../../scenarios/lib/events/ids.ts'
import { catalogProducts } from '../../scenarios/lib/events/products.ts'
import { asciiFold, MARKETS } from '../../scenarios/lib/events/dictionary.ts'
import { Prng } from '../../scenarios/lib/events/prng.ts'
import { pgText } from '../../scenarios/lib/sinks/kafka.ts'
import { insertSql } from '../../scenarios/lib/sinks/postgres.ts'

describe('event ids', () => {
  it('are shaped like random UUID v4 (RFC 4122 variant) and unique over 200,000 events', () => {
    const seen = new Set<string>()
    for (let vu = 1; vu <= 20; vu++) {
      for (let iter = 0; iter < 10_000; iter++) {
        const id = eventId('s', 'run-1', { vu, iter, k: 0 })
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        seen.add(id)
      }
    }
    expect(seen.size).toBe(200_000)
  })

  it('are re-derivable from (seed, run, VU, iteration, k) and differ between runs', () => {
    const origin = { vu: 3, iter: 17, k: 2 }
    expect(eventId('s', 'run-1', origin)).toBe(eventId('s', 'run-1', { ...origin }))
    expect(eventId('s', 'run-2', origin)).not.toBe(eventId('s', 'run-1', origin))
    expect(eventId('t', 'run-1', origin)).not.toBe(eventId('s', 'run-1', origin))
  })
})

describe('seeded values', () => {
  it('draw uniformly enough for a mix check (chi-square over 10 buckets)', () => {
    const prng = Prng.fromKey('uniform')
    const buckets = new Array<number>(10).fill(0)
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(prng.float() * 10)]! += 1
    const chi = buckets.reduce((s, n) => s + (n - 10_000) ** 2 / 10_000, 0)
    expect(chi).toBeLessThan(27.9) // p = 0.001 for 9 degrees of freedom
  })

  it('give a catalogue of unique SKUs with shop-like prices', () => {
    const products = catalogProducts('cat', 200)
    expect(new Set(products.map((p) => p.sku)).size).toBe(200)
    for (const p of products) {
      expect(p.sku).toMatch(/^SKU-[A-Z]{3}-\d{5}$/)
      expect([99, 49, 0]).toContain(p.priceEurCents % 100)
    }
  })

  it('fold every dictionary name into an ASCII email local part', () => {
    for (const market of MARKETS) {
      for (const name of [...market.firstNames, ...market.lastNames]) expect(asciiFold(name), name).toMatch(/^[a-z0-9]+$/)
    }
  })
})

describe('sink text', () => {
  it('builds one multi-row INSERT with typed placeholders, idempotent on request', () => {
    expect(insertSql('events', 2)).toBe(
      'INSERT INTO events (id, run_id, seq, type, aggregate_type, aggregate_id, payload, scheduled_at) VALUES ' +
        '($1::uuid, $2, $3::bigint, $4, $5, $6, $7::jsonb, $8::timestamptz), ($9::uuid, $10, $11::bigint, $12, $13, $14, $15::jsonb, $16::timestamptz)',
    )
    expect(insertSql('app.events', 1, true)).toMatch(/^INSERT INTO app\.events .* ON CONFLICT \(id\) DO NOTHING$/)
    expect(() => insertSql('events; DROP TABLE x', 1)).toThrow(/EVENTS_TABLE: "events; DROP TABLE x" is not a table name/)
  })

  it('prints timestamps as Postgres does for timestamptz in UTC', () => {
    expect(pgText('2026-01-05T10:11:12.345Z')).toBe('2026-01-05 10:11:12.345+00')
  })
})
