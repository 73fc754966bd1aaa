import { BSON } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { EntityCache } from '../../processor/consumer/entity-cache.ts'
import type { HistoryEntry, ProjectionDoc } from '../../processor/projections/fold.ts'

const entry = (i: number, note = ''): HistoryEntry => ({ event_id: `e${i}`, type: 'order_placed', seq: i, created_at: new Date(0), set: { status: 'placed', note } })

function doc(id: string, historyLength = 1, note = ''): ProjectionDoc {
  const history = Array.from({ length: historyLength }, (_, i) => entry(i, note))
  return { _id: id, version: 1, run_id: 'r', aggregate_type: 'order', history, last_event_id: history.at(-1)!.event_id, updated_at: new Date(0), status: 'placed' }
}

describe('EntityCache', () => {
  it('keeps its estimated size within the byte budget however many entities are written', () => {
    const budget = 64 * 1024
    const cache = new EntityCache(budget)
    for (let i = 0; i < 20_000; i++) {
      cache.remember('orders', doc(`o${i}`))
      expect(cache.bytes).toBeLessThanOrEqual(budget)
    }
    // It holds what fits, not 20,000 entities: each costs at least its BSON size.
    expect(cache.entries).toBeLessThanOrEqual(Math.floor(budget / BSON.calculateObjectSize(doc('o1'))))
    expect(cache.entries).toBeGreaterThan(0)
  })

  it('counts the history: an entity with a longer history takes more of the budget', () => {
    const cache = new EntityCache(1024 * 1024)
    cache.remember('orders', doc('short', 1))
    const short = cache.bytes
    cache.clear()
    cache.remember('orders', doc('long', 50))
    expect(cache.bytes).toBeGreaterThan(short * 10)
  })

  it('evicts the least recently written or read entities first', () => {
    const id = (i: number) => `o${String(i).padStart(2, '0')}`
    // Every entry the same size: the budget holds exactly 16 of them.
    const one = BSON.calculateObjectSize(doc(id(0))) + 'orders\u0000o00'.length * 2 + 64
    const cache = new EntityCache(one * 16)
    for (let i = 0; i < 16; i++) cache.remember('orders', doc(id(i)))
    expect(cache.entries).toBe(16)
    expect(cache.get('orders', id(0))?._id).toBe(id(0)) // read: now the most recent
    cache.remember('orders', doc(id(16)))
    expect(cache.get('orders', id(1))).toBeUndefined()
    expect(cache.get('orders', id(0))?._id).toBe(id(0))
    expect(cache.get('orders', id(16))?._id).toBe(id(16))
  })

  it('does not keep an entity larger than a sixteenth of the budget, and drops its older cached version', () => {
    const cache = new EntityCache(64 * 1024)
    cache.remember('products', doc('sku-1', 1))
    expect(cache.get('products', 'sku-1')).toBeDefined()
    // The same entity after many more events: its old state must not be served any more.
    cache.remember('products', doc('sku-1', 200, 'x'.repeat(40)))
    expect(cache.get('products', 'sku-1')).toBeUndefined()
  })

  it('keys by collection and id, forgets one entity, and clears', () => {
    const cache = new EntityCache()
    cache.remember('orders', doc('x'))
    cache.remember('payments', doc('x'))
    cache.forget('orders', 'x')
    expect(cache.get('orders', 'x')).toBeUndefined()
    expect(cache.get('payments', 'x')?._id).toBe('x')
    cache.clear()
    expect(cache.entries).toBe(0)
    expect(cache.bytes).toBe(0)
  })
})
