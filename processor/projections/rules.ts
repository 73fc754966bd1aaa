// Which events feed which projection, as data: supporting a new event type means adding an
// entry here, not code. A projection document is one entity (customer, order, payment...)
// folded from the events that concern it; `references` tells a verifier which fields must
// name an existing entity. The types are the commerce domain of scenarios/lib/events.

export interface ProjectionRule {
  /** collection the event is projected into */
  readonly collection: string
  /** path of the entity id in the event; default "aggregate_id" */
  readonly entity?: string
  /** copy every top-level payload field (reserved names excepted) */
  readonly copyPayload?: boolean
  /** constant fields the event sets, e.g. { status: 'paid' } */
  readonly constants?: Readonly<Record<string, unknown>>
  /** fields read from the event by path, e.g. { carrier: 'payload.carrier' } */
  readonly fields?: Readonly<Record<string, string>>
  /** numeric fields the event adds to (stock levels); the first value counts from 0 */
  readonly add?: Readonly<Record<string, string>>
}

export interface ProjectionRules {
  /** the projections each event type feeds (one event may feed several) */
  readonly byType: Readonly<Record<string, readonly ProjectionRule[]>>
  /** per collection: field -> collection whose _id it must name (`[]` marks an array of objects) */
  readonly references: Readonly<Record<string, Readonly<Record<string, string>>>>
}

const orderStatus = (status: string, fields: Record<string, string> = {}): ProjectionRule => ({
  collection: 'orders',
  constants: { status },
  fields,
})

export const DEFAULT_RULES: ProjectionRules = {
  byType: {
    product_listed: [{ collection: 'products', copyPayload: true, add: { stock: 'payload.initial_stock' } }],
    inventory_adjusted: [{ collection: 'products', add: { stock: 'payload.delta' } }],
    customer_registered: [{ collection: 'customers', copyPayload: true }],
    order_placed: [{ collection: 'orders', copyPayload: true, constants: { status: 'placed' } }],
    payment_authorized: [
      orderStatus('payment_authorized', { payment_id: 'payload.payment_id' }),
      { collection: 'payments', entity: 'payload.payment_id', copyPayload: true, constants: { status: 'authorized' } },
    ],
    payment_captured: [
      orderStatus('paid'),
      { collection: 'payments', entity: 'payload.payment_id', constants: { status: 'captured' }, fields: { captured_amount: 'payload.amount' } },
    ],
    shipment_dispatched: [
      orderStatus('shipped', { shipment_id: 'payload.shipment_id' }),
      { collection: 'shipments', entity: 'payload.shipment_id', copyPayload: true, constants: { status: 'dispatched' } },
    ],
    shipment_delivered: [
      orderStatus('delivered'),
      { collection: 'shipments', entity: 'payload.shipment_id', constants: { status: 'delivered' }, fields: { received_by: 'payload.received_by' } },
    ],
    order_cancelled: [orderStatus('cancelled', { cancel_reason: 'payload.reason', refund_amount: 'payload.refund_amount' })],
  },
  references: {
    orders: { customer_id: 'customers', 'lines[].sku': 'products', payment_id: 'payments', shipment_id: 'shipments' },
    payments: { order_id: 'orders' },
    shipments: { order_id: 'orders' },
  },
}

export function rulesFor(rules: ProjectionRules, type: unknown): readonly ProjectionRule[] {
  return typeof type === 'string' ? (rules.byType[type] ?? []) : []
}
