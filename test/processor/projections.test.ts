import { describe, expect, it } from 'vitest'
import type { EventJson } from '../../processor/event.ts'
import { applyToProjection, foldFields, projectionTargets, type ProjectionDoc } from '../../processor/projections/fold.ts'
import { DEFAULT_RULES, type ProjectionRules } from '../../processor/projections/rules.ts'

const rules: ProjectionRules = {
  byType: {
    order_created: [{ collection: 'orders', copyPayload: true, constants: { status: 'created' } }],
    order_paid: [
      { collection: 'orders', constants: { status: 'paid' } },
      { collection: 'payments', entity: 'payload.payment_id', constants: { status: 'captured' } },
    ],
    order_shipped: [{ collection: 'orders', constants: { status: 'shipped' }, fields: { carrier: 'payload.carrier' } }],
  },
  references: { orders: { customer_id: 'customers' } },
}
const projectionTarget = (r: ProjectionRules, e: EventJson) => projectionTargets(r, e)[0]
const now = new Date('2026-01-01T00:00:00Z')
const meta = (reorder = false) => ({ run_id: 'r1', aggregate_type: 'order', now, reorder })

function ev(id: string, type: string, payload: Record<string, unknown> = {}): EventJson {
  return { id, type, aggregate_type: 'order', aggregate_id: 'o1', run_id: 'r1', seq: Number(id.slice(1)), payload, created_at: '2026-01-01T00:00:00.000Z' }
}

function applyAll(events: EventJson[], reorderIds: string[] = []): ProjectionDoc | undefined {
  let doc: ProjectionDoc | undefined
  for (const e of events) {
    const target = projectionTarget(rules, e)!
    doc = applyToProjection(doc, target, meta(reorderIds.includes(e.id))).doc
  }
  return doc
}

describe('projection rules', () => {
  it('maps each type to its projections, and unknown types to none', () => {
    expect(projectionTarget(rules, ev('e1', 'order_created', { customer_id: 'c1', _id: 'x', history: 1 }))).toMatchObject({
      collection: 'orders',
      entityId: 'o1',
      entry: { event_id: 'e1', set: { customer_id: 'c1', status: 'created' } },
    })
    expect(projectionTarget(rules, ev('e2', 'order_shipped', { carrier: 'ups' }))!.entry.set).toEqual({ status: 'shipped', carrier: 'ups' })
    expect(projectionTargets(rules, { id: 'x', type: 'ping', aggregate_type: 'system', aggregate_id: 'a' })).toEqual([])
  })

  it('feeds several projections from one event, skipping one whose entity id is missing', () => {
    const paid = projectionTargets(rules, ev('e2', 'order_paid', { payment_id: 'p1' }))
    expect(paid.map((t) => [t.collection, t.entityId])).toEqual([['orders', 'o1'], ['payments', 'p1']])
    expect(projectionTargets(rules, ev('e2', 'order_paid')).map((t) => t.collection)).toEqual(['orders'])
  })

  it('adds amounts (stock levels) instead of setting them', () => {
    const product = (id: string, type: string, payload: Record<string, unknown>): EventJson => ({ id, type, aggregate_id: 'sku-1', payload })
    const entries = [
      product('p1', 'product_listed', { sku: 'sku-1', name: 'Mug', initial_stock: 10 }),
      product('p2', 'inventory_adjusted', { sku: 'sku-1', delta: -3 }),
      product('p3', 'inventory_adjusted', { sku: 'sku-1', delta: 5 }),
    ].map((e) => projectionTargets(DEFAULT_RULES, e)[0]!.entry)
    expect(foldFields(entries)).toMatchObject({ name: 'Mug', stock: 12 })
  })

  it('default rules cover the reference fields they declare', () => {
    for (const [collection, refs] of Object.entries(DEFAULT_RULES.references)) {
      const rulesInto = Object.values(DEFAULT_RULES.byType).flat().filter((r) => r.collection === collection)
      expect(rulesInto.length, collection).toBeGreaterThan(0)
      expect(Object.keys(refs).length).toBeGreaterThan(0)
    }
  })
})

describe('applyToProjection', () => {
  it('folds events in order into the entity with its history', () => {
    const doc = applyAll([ev('e1', 'order_created', { customer_id: 'c1', total: 10 }), ev('e2', 'order_paid'), ev('e3', 'order_shipped', { carrier: 'dhl' })])!
    expect(doc).toMatchObject({ _id: 'o1', version: 3, run_id: 'r1', customer_id: 'c1', total: 10, status: 'shipped', carrier: 'dhl', last_event_id: 'e3' })
    expect(doc.history.map((h) => h.event_id)).toEqual(['e1', 'e2', 'e3'])
  })

  it('ignores a replayed event', () => {
    const doc = applyAll([ev('e1', 'order_created'), ev('e2', 'order_paid')])!
    const replay = applyToProjection(doc, projectionTarget(rules, ev('e1', 'order_created'))!, meta())
    expect(replay.applied).toBe(false)
    expect(replay.doc).toBe(doc)
  })

  it('reorder puts the event ahead of its predecessor, leaving a stale state', () => {
    const doc = applyAll([ev('e1', 'order_created'), ev('e2', 'order_paid')])!
    const r = applyToProjection(doc, projectionTarget(rules, ev('e3', 'order_shipped', { carrier: 'dhl' }))!, meta(true))
    expect(r.swappedWith).toBe('e2')
    expect(r.doc.history.map((h) => h.event_id)).toEqual(['e1', 'e3', 'e2'])
    expect(r.doc.status).toBe('paid')
    expect(r.doc.last_event_id).toBe('e2')
  })

  it('does not record a reorder that would leave no trace, nor one without a predecessor', () => {
    const first = applyToProjection(undefined, projectionTarget(rules, ev('e1', 'order_paid'))!, meta(true))
    expect(first.swappedWith).toBeUndefined()
    const same = applyToProjection(first.doc, projectionTarget(rules, ev('e2', 'order_paid'))!, meta(true))
    expect(same.swappedWith).toBeUndefined()
    expect(same.doc.history.map((h) => h.event_id)).toEqual(['e1', 'e2'])
  })
})
