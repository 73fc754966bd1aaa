import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Document } from 'mongodb'
import { ArrivalTracker } from '../../orchestrator/verify/arrival-tracker.ts'
import { IdSet } from '../../orchestrator/verify/id-set.ts'

describe('IdSet', () => {
  it('is exact like a Set<string> for many UUIDs, across growth', () => {
    const ids = Array.from({ length: 50_000 }, () => randomUUID())
    const s = new IdSet(16)
    expect(ids.filter((id) => s.add(id)).length).toBe(ids.length)
    expect(ids.filter((id) => s.add(id)).length).toBe(0)
    expect(s.size).toBe(ids.length)
    expect(ids.filter((id) => s.has(id)).length).toBe(ids.length)
    let absent = 0
    for (let i = 0; i < 50_000; i++) if (!s.has(randomUUID())) absent++
    expect(absent).toBe(50_000)
  })

  it('tells apart UUIDs that differ in any one hex digit (v7-like ids share their leading digits)', () => {
    const base = '018f3a2b-7c4d-7e5f-8a9b-0c1d2e3f4a5b'
    const s = new IdSet()
    s.add(base)
    const hex = [...base].map((c, i) => ({ c, i })).filter(({ c }) => c !== '-')
    for (const { c, i } of hex) {
      const other = base.slice(0, i) + (c === '0' ? '1' : '0') + base.slice(i + 1)
      expect(s.has(other)).toBe(false)
      expect(s.add(other)).toBe(true)
    }
    expect(s.size).toBe(hex.length + 1)
  })

  it('keeps ids that are not canonical UUIDs exactly too (other profiles, upper case, the nil UUID)', () => {
    const s = new IdSet()
    const odd = ['42', 'order-7', 'A1B2C3D4-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', '']
    for (const id of odd) expect(s.add(id)).toBe(true)
    for (const id of odd) expect(s.add(id)).toBe(false)
    expect(s.has('a1b2c3d4-0000-4000-8000-000000000001')).toBe(false)
    expect(s.size).toBe(odd.length)
  })

  it('holds a UUID in a fixed number of bytes: a table, not a string and an entry per id', () => {
    const s = new IdSet()
    const n = 100_000
    for (let i = 0; i < n; i++) s.add(randomUUID())
    // 16 bytes a slot, at most 75% full, at least half of that after the last doubling
    expect(s.tableBytes / n).toBeGreaterThanOrEqual(16 / 0.75)
    expect(s.tableBytes / n).toBeLessThan((2 * 16) / 0.75)
  })
})

describe('ArrivalTracker with UUID ids (kept in an IdSet)', () => {
  it("the live view's overlapping re-reads and the drain's re-read of every id add nothing twice; the count is exact", async () => {
    const ids = Array.from({ length: 3_000 }, (_, i) => ({ id: randomUUID(), createdMs: i }))
    const inMongo = new Set<string>(ids.filter((_, i) => i % 3 !== 0).map((c) => c.id))
    const lookup = (batch: string[]): Promise<Document[]> => Promise.resolve(batch.filter((id) => inMongo.has(id)).map((id) => ({ _id: id })))
    const t = new ArrivalTracker()
    // live view: windows that overlap (since() re-reads a margin before the newest id seen)
    let added = 0
    for (let from = 0; from < ids.length; from += 500) added += t.addCommitted(ids.slice(Math.max(0, from - 300), from + 500))
    expect(added).toBe(ids.length)
    await t.check(lookup, { budget: 10_000, now: 10_000 })
    expect(t.found).toBe(2_000)
    // drain: every committed id again, then the rest arrives
    expect(t.addCommitted(ids)).toBe(0)
    for (const c of ids) inMongo.add(c.id)
    await t.check(lookup, { budget: 10_000, now: 20_000 })
    expect(t.found).toBe(3_000)
    expect(t.known).toBe(3_000)
    expect(t.pending).toBe(0)
  })
})
