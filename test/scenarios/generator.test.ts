import { describe, expect, it } from 'vitest'
import { CATALOG, DEFAULT_MIX, MIX_TYPES, valuesAt, type EntityKind } from '../../scenarios/lib/events/catalog.ts'
import { EventGenerator, type GeneratedEvent } from '../../scenarios/lib/events/generator.ts'
import { mixShares, parseMix } from '../../scenarios/lib/events/mix.ts'
import { catalogProducts } from '../../scenarios/lib/events/products.ts'

function stream(seed: string, vu: number, count: number, mix = parseMix(undefined)): GeneratedEvent[] {
  const gen = new EventGenerator({ seed, vu, mix })
  const events: GeneratedEvent[] = []
  for (let iter = 0; iter < count; iter++) {
    events.push(gen.next(iter))
    gen.commit()
  }
  return events
}

describe('event generator', () => {
  it('replays byte-identical events for the same seed and VU', () => {
    const a = stream('seed-1', 3, 2000).map((e) => JSON.stringify(e))
    const b = stream('seed-1', 3, 2000).map((e) => JSON.stringify(e))
    expect(b).toEqual(a)
  })

  it('gives other VUs and other seeds other events', () => {
    const a = JSON.stringify(stream('seed-1', 1, 50))
    expect(JSON.stringify(stream('seed-1', 2, 50))).not.toEqual(a)
    expect(JSON.stringify(stream('seed-2', 1, 50))).not.toEqual(a)
  })

  it('only references entities created earlier in the VU or by the seeded catalogue', () => {
    const products = new Set(catalogProducts('integrity').map((p) => p.sku))
    for (const vu of [1, 2, 3]) {
      const created: Record<EntityKind, Set<string>> = {
        customer: new Set(), product: products, order: new Set(), payment: new Set(), shipment: new Set(),
      }
      let references = 0
      for (const event of stream('integrity', vu, 3000)) {
        const spec = CATALOG[event.type]
        for (const ref of spec.references) {
          for (const id of valuesAt(event.payload, ref.path)) {
            references++
            expect(created[ref.entity].has(id), `${event.type} -> ${ref.entity} ${id}`).toBe(true)
          }
        }
        if (spec.creates) {
          const [id] = valuesAt(event.payload, spec.creates.path)
          expect(id).toBeDefined()
          expect(created[spec.creates.entity].has(id!)).toBe(false)
          created[spec.creates.entity].add(id!)
        }
      }
      expect(references).toBeGreaterThan(3000)
    }
  })

  it('carries every required field and the aggregate id of its type', () => {
    for (const event of stream('fields', 1, 3000)) {
      const spec = CATALOG[event.type]
      for (const field of spec.required) expect(event.payload, `${event.type}.${field}`).toHaveProperty(field)
      expect(event.aggregate_type).toBe(spec.aggregateType)
      expect(event.aggregate_id).toBe(event.payload[spec.aggregateField])
    }
  })

  it('keeps the default mix within 3 percentage points over 10,000 events from 10 VUs', () => {
    const counts = Object.fromEntries(MIX_TYPES.map((t) => [t, 0])) as Record<string, number>
    for (let vu = 1; vu <= 10; vu++) for (const e of stream('mix', vu, 1000)) counts[e.type]! += 1
    const shares = mixShares(DEFAULT_MIX)
    for (const type of MIX_TYPES) expect(Math.abs(counts[type]! / 10_000 - shares[type]), type).toBeLessThan(0.03)
  })

  it('follows a custom MIX', () => {
    const mix = parseMix('order_placed:50,payment_authorized:30,customer_registered:20')
    const events = stream('custom', 1, 5000, mix)
    const share = (t: string) => events.filter((e) => e.type === t).length / events.length
    expect(Math.abs(share('order_placed') - 0.5)).toBeLessThan(0.03)
    expect(Math.abs(share('payment_authorized') - 0.3)).toBeLessThan(0.03)
    expect(events.every((e) => ['order_placed', 'payment_authorized', 'customer_registered'].includes(e.type))).toBe(true)
  })

  it('writes the missing prerequisite instead of a dangling reference, and says so', () => {
    const gen = new EventGenerator({ seed: 's', vu: 1, mix: parseMix('shipment_delivered:1') })
    const first = gen.next(0)
    expect(first.type).toBe('customer_registered')
    expect(first.wanted).toBe('shipment_delivered')
  })

  it('forgets entities whose write failed (rollback) and never references them', () => {
    const gen = new EventGenerator({ seed: 'rb', vu: 1, mix: parseMix('customer_registered:1,order_placed:1') })
    const lost = gen.next(0)
    expect(lost.type).toBe('customer_registered')
    gen.rollback()
    expect(gen.registry.size('customers')).toBe(0)
    const kept = gen.next(1)
    gen.commit()
    for (let i = 2; i < 200; i++) {
      const e = gen.next(i)
      gen.commit()
      if (e.type === 'order_placed') expect(e.payload.customer_id).not.toBe(lost.payload.customer_id)
    }
    expect(kept.type).toBe('customer_registered')
  })

  it('never consumes one order twice inside a batch and restores it on rollback', () => {
    const gen = new EventGenerator({ seed: 'batch', vu: 1, mix: parseMix('order_placed:1') })
    for (let i = 0; i < 5; i++) {
      gen.next(i)
      gen.commit()
    }
    const cancel = new EventGenerator({ seed: 'batch', vu: 1, mix: parseMix('order_cancelled:1') })
    // Same seed and VU: replay the 5 committed events, then cancel in one batch of 10.
    for (let i = 0; i < 5; i++) {
      cancel.next(i)
      cancel.commit()
    }
    const placed = cancel.registry.size('placed')
    const batch = Array.from({ length: 10 }, (_, k) => cancel.next(5, k))
    const cancelled = batch.filter((e) => e.type === 'order_cancelled').map((e) => e.payload.order_id)
    expect(new Set(cancelled).size).toBe(cancelled.length)
    cancel.rollback()
    expect(cancel.registry.size('placed')).toBe(placed)
  })
})

describe('MIX parsing', () => {
  it('rejects bad input with the fix', () => {
    expect(() => parseMix('order_placed')).toThrow(/type:weight/)
    expect(() => parseMix('order_shipped:3')).toThrow(/unknown event type "order_shipped"; known types: customer_registered/)
    expect(() => parseMix('product_listed:3')).toThrow(/setup\(\)/)
    expect(() => parseMix('order_placed:0')).toThrow(/add up to 0/)
    expect(() => parseMix('order_placed:1,order_placed:2')).toThrow(/twice/)
  })

  it('accepts spaces, = and decimals, and leaves unnamed types at 0', () => {
    const mix = parseMix(' order_placed = 2.5 , payment_captured:1 ')
    expect(mix.order_placed).toBe(2.5)
    expect(mix.payment_captured).toBe(1)
    expect(mix.customer_registered).toBe(0)
  })
})
