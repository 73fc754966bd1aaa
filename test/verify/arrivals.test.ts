// Counting a run's arrivals by `_id` lookups: each committed id is looked up until found and then
// never again, at most `budget` per check, ids not due yet wait; the mode falls back to a count
// on the run id when documents are not keyed by the event id or too many ids are pending.
import type { Document } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { ArrivalTracker, type CommittedId } from '../../orchestrator/verify/arrival-tracker.ts'
import { chooseArrivalMode, MAX_PENDING_IDS } from '../../orchestrator/verify/arrivals.ts'
import { chunks, mapLimit } from '../../orchestrator/verify/id-lookup.ts'
import { idStore } from './support/id-store.ts'

const committed = (n: number, createdMs = 0, prefix = 'e'): CommittedId[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, createdMs }))

const store = (present: Iterable<string>) => idStore(present, (id) => ({ _id: id, processed_at: new Date(1) }))

describe('ArrivalTracker', () => {
  it('looks each id up until found, then never again; counts found ones once', async () => {
    const t = new ArrivalTracker()
    t.addCommitted(committed(10))
    const s = store(['e0', 'e1', 'e2', 'e3'])
    expect(await t.check(s.lookup, { budget: 100 })).toMatchObject({ looked: 10, found: 4 })
    expect(t.found).toBe(4)
    expect(t.pending).toBe(6)
    for (const id of ['e4', 'e9']) s.docs.add(id)
    expect(await t.check(s.lookup, { budget: 100 })).toMatchObject({ looked: 6, found: 2 })
    // the second look asked only for what was still missing
    expect(s.asked[1]!.sort()).toEqual(['e4', 'e5', 'e6', 'e7', 'e8', 'e9'])
    expect(t.found).toBe(6)
  })

  it('asks for at most `budget` ids per check and goes round the pending ones in turn', async () => {
    const t = new ArrivalTracker()
    t.addCommitted(committed(25))
    const s = store([])
    for (let i = 0; i < 3; i++) await t.check(s.lookup, { budget: 10 })
    expect(s.asked.map((b) => b.length)).toEqual([10, 10, 10])
    // 25 ids, 10 per check: the third check finishes the first round and starts the second
    expect(new Set(s.asked.flat().slice(0, 25)).size).toBe(25)
    expect(s.asked[2]!.slice(5)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
  })

  it('ignores ids it already knows, documents it did not ask for and duplicates in an answer', async () => {
    const t = new ArrivalTracker()
    expect(t.addCommitted(committed(3))).toBe(3)
    expect(t.addCommitted(committed(5))).toBe(2)
    const seen: unknown[] = []
    const lookup = (): Promise<Document[]> => Promise.resolve([{ _id: 'e1' }, { _id: 'e1' }, { _id: 'stranger' }])
    expect(await t.check(lookup, { budget: 10, onDocument: (d) => seen.push(d._id) })).toMatchObject({ looked: 5, found: 1 })
    expect(seen).toEqual(['e1'])
    expect(t.known).toBe(5)
  })

  it('waits firstLookMs after created_at before the first look, retryMs after a miss', async () => {
    const t = new ArrivalTracker()
    t.addCommitted(committed(2, 1_000, 'a'), 100)
    const s = store([])
    expect(await t.check(s.lookup, { budget: 10, now: 1_050, retryMs: 500 })).toMatchObject({ looked: 0, found: 0 })
    expect(await t.check(s.lookup, { budget: 10, now: 1_100, retryMs: 500 })).toMatchObject({ looked: 2, found: 0 })
    expect(await t.check(s.lookup, { budget: 10, now: 1_599, retryMs: 500 })).toMatchObject({ looked: 0, found: 0 })
    s.docs.add('a1')
    expect(await t.check(s.lookup, { budget: 10, now: 1_600, retryMs: 500 })).toMatchObject({ looked: 2, found: 1 })
  })

  it('a failed lookup loses nothing: the same ids are asked for again', async () => {
    const t = new ArrivalTracker()
    t.addCommitted(committed(3))
    await expect(t.check(() => Promise.reject(new Error('down')), { budget: 2 })).rejects.toThrow('down')
    expect(t.pending).toBe(3)
    const s = store(['e0', 'e1', 'e2'])
    expect(await t.check(s.lookup, { budget: 2 })).toMatchObject({ looked: 2, found: 2 })
    expect(s.asked[0]).toEqual(['e0', 'e1'])
  })

  it('stays correct over many rounds (queue compaction)', async () => {
    const t = new ArrivalTracker()
    t.addCommitted(committed(20_000))
    const s = store([])
    let round = 0
    while (t.pending > 0) {
      // a tenth of the ids arrive per round
      for (let i = round * 2_000; i < (round + 1) * 2_000; i++) s.docs.add(`e${i}`)
      await t.check(s.lookup, { budget: 7_000 })
      round++
      expect(round).toBeLessThan(100)
    }
    expect(t.found).toBe(20_000)
  })
})

describe('arrival mode', () => {
  it('looks ids up only when documents are keyed by the event id and not too many are pending', () => {
    expect(chooseArrivalMode({ idIsEventId: true, pending: 34 })).toBe('ids')
    expect(chooseArrivalMode({ idIsEventId: false, pending: 34 })).toBe('count')
    expect(chooseArrivalMode({ idIsEventId: true, pending: MAX_PENDING_IDS })).toBe('ids')
    expect(chooseArrivalMode({ idIsEventId: true, pending: MAX_PENDING_IDS + 1 })).toBe('count')
    expect(chooseArrivalMode({ idIsEventId: true, pending: 11, maxPending: 10 })).toBe('count')
  })
})

describe('lookup batching', () => {
  it('chunks keep order and size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(chunks([], 3)).toEqual([])
    expect(() => chunks([1], 0)).toThrow('at least 1')
  })

  it('mapLimit keeps at most `limit` in flight and results in input order', async () => {
    let inFlight = 0
    let peak = 0
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (ms) => {
      peak = Math.max(peak, ++inFlight)
      await new Promise((r) => setTimeout(r, ms))
      inFlight--
      return ms * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60])
    expect(peak).toBe(3)
  })
})
