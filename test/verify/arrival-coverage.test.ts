// How complete a live count by `_id` lookups is when the look may not reach every due id (its
// budget bounds the load on the store): `found` stays a true lower bound, `unchecked` is the
// number of due ids not looked up, and an evenly spread sample of those estimates how many
// already arrived (arrival-tracker.ts). Expectations from that design: the estimate's error is
// at most about unchecked / sample for an in-order pipeline, a few standard errors otherwise.
import type { Document } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { ArrivalTracker, type CommittedId } from '../../orchestrator/verify/arrival-tracker.ts'
import { idStore } from './support/id-store.ts'

const committed = (n: number): CommittedId[] => Array.from({ length: n }, (_, i) => ({ id: `e${i}`, createdMs: i }))

/** A tracker that knows the ids e0..e<n-1>. */
function trackerOf(n: number): ArrivalTracker {
  const t = new ArrivalTracker()
  t.addCommitted(committed(n))
  return t
}

/** A store holding the oldest `n` ids, e0..e<n-1> (an in-order pipeline). */
const storeOfFirst = (n: number) => idStore(committed(n).map((c) => c.id))

/** Deterministic pseudo-random stream in [0, 1) (a 32-bit LCG), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

describe('live count coverage', () => {
  it('everything due fits in the budget: nothing unchecked, the count is exact', async () => {
    const t = trackerOf(50)
    const s = storeOfFirst(20)
    const r = await t.check(s.lookup, { budget: 100, sample: 10, now: 1_000 })
    expect(r).toEqual({ looked: 50, found: 20, unchecked: 0, estimate: 20 })
    expect(t.unchecked).toBe(0)
    expect(t.estimate).toBe(t.found)
  })

  it('the budget runs out: found is a lower bound and unchecked says by how much at most', async () => {
    const t = trackerOf(1_000)
    const s = storeOfFirst(800)
    const r = await t.check(s.lookup, { budget: 100, now: 10_000 })
    expect(r.looked).toBe(100)
    expect(r.unchecked).toBe(900)
    // no sample: no estimate rather than a made-up one
    expect(r.estimate).toBeUndefined()
    expect(t.found).toBeLessThanOrEqual(800)
    expect(t.found + t.unchecked).toBeGreaterThanOrEqual(800)
  })

  it('in-order arrivals: the sample estimates the unchecked ones within unchecked / sample', async () => {
    const t = trackerOf(10_000)
    const truth = 6_000
    const s = storeOfFirst(truth)
    const r = await t.check(s.lookup, { budget: 300, sample: 100, now: 20_000 })
    expect(r.looked).toBe(300)
    // the walk takes budget − sample from the front, the sample stands for the rest
    expect(r.unchecked).toBe(10_000 - 300)
    expect(t.found).toBeLessThan(truth)
    expect(Math.abs(r.estimate! - truth)).toBeLessThanOrEqual(r.unchecked / 100 + 1)
    // the sample reached the newest ids too, not only the front the walk is busy with
    const newest = Math.max(...s.asked[0]!.map((id) => Number(id.slice(1))))
    expect(newest).toBeGreaterThanOrEqual(10_000 - r.unchecked / 100)
  })

  it('out-of-order arrivals: the estimate is within a few standard errors', async () => {
    const t = trackerOf(20_000)
    const rnd = random(7)
    const present = committed(20_000).filter(() => rnd() < 0.3).map((c) => c.id)
    const s = idStore(present)
    const r = await t.check(s.lookup, { budget: 600, sample: 400, now: 30_000 })
    const se = r.unchecked * Math.sqrt((0.3 * 0.7) / 400)
    expect(Math.abs(r.estimate! - present.length)).toBeLessThanOrEqual(4 * se)
    expect(t.found).toBeLessThanOrEqual(present.length)
  })

  it('an id found (by the walk or a sample) is counted once and never looked up again; the drain ends exact', async () => {
    const t = trackerOf(2_000)
    const rnd = random(11)
    const s = idStore(committed(2_000).filter(() => rnd() < 0.5).map((c) => c.id))
    const returned = new Set<string>()
    const askedAfterFound: string[] = []
    const lookup = async (ids: string[]): Promise<Document[]> => {
      for (const id of ids) if (returned.has(id)) askedAfterFound.push(id)
      const docs = await s.lookup(ids)
      for (const d of docs) returned.add(d._id as string)
      return docs
    }
    let seen = 0
    for (let i = 0; i < 5; i++) {
      await t.check(lookup, { budget: 100, sample: 40, now: 40_000 + i, onDocument: () => seen++ })
      expect(t.found).toBeLessThanOrEqual(s.docs.size)
      expect(t.estimate).toBeGreaterThanOrEqual(t.found)
    }
    for (const c of committed(2_000)) s.docs.add(c.id)
    for (let i = 0; t.pending > 0; i++) {
      await t.check(lookup, { budget: 5_000, now: 50_000 + i, onDocument: () => seen++ })
      expect(i).toBeLessThan(5)
    }
    expect(askedAfterFound).toEqual([])
    expect(t.found).toBe(2_000)
    expect(seen).toBe(2_000)
    expect(t.unchecked).toBe(0)
  })

  it('a failed look loses nothing, samples included', async () => {
    const t = trackerOf(500)
    const s = storeOfFirst(500)
    await t.check(s.lookup, { budget: 20, sample: 10, now: 60_000 })
    const before = { found: t.found, pending: t.pending }
    await expect(t.check(() => Promise.reject(new Error('down')), { budget: 20, sample: 10, now: 60_001 })).rejects.toThrow('down')
    expect({ found: t.found, pending: t.pending }).toEqual(before)
    expect(before.found + before.pending).toBe(500)
    while (t.pending > 0) await t.check(s.lookup, { budget: 1_000, now: 60_002 })
    expect(t.found).toBe(500)
  })

  it('counts the pending ids that were absent at their last look (missed), apart from the unknown ones', async () => {
    const t = trackerOf(100)
    const s = storeOfFirst(30)
    // walk 40 of 100: 30 found, 10 absent; 60 never looked at
    await t.check(s.lookup, { budget: 40, retryMs: 1_000, now: 70_000 })
    expect(t.found).toBe(30)
    expect(t.missed).toBe(10)
    expect(t.unchecked).toBe(60)
    // the next look reaches the 60, not the 10 (not due again yet): 20 more absent
    await t.check(s.lookup, { budget: 100, retryMs: 1_000, now: 70_001 })
    expect(t.missed).toBe(70)
    expect(t.unchecked).toBe(0)
    // looked at again and found: no longer missed
    for (const c of committed(100)) s.docs.add(c.id)
    await t.check(s.lookup, { budget: 100, now: 80_000 })
    expect({ found: t.found, missed: t.missed, pending: t.pending }).toEqual({ found: 100, missed: 0, pending: 0 })
  })
})
