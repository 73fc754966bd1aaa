// The event catalogue of the commerce domain: every type, the aggregate it belongs to, the entity it
// creates and the entities it references (as JSON paths into the payload). It is data, so the
// verifier, the processor's projections and the integrity check in test/scenarios can all be
// derived from it instead of restating it.

export const MIX_TYPES = [
  'customer_registered',
  'order_placed',
  'payment_authorized',
  'payment_captured',
  'shipment_dispatched',
  'shipment_delivered',
  'order_cancelled',
  'inventory_adjusted',
] as const
export type MixType = (typeof MIX_TYPES)[number]

/** Written by setup() only: the shared product catalogue every VU may reference. */
export const SETUP_TYPES = ['product_listed'] as const
export type EventType = MixType | (typeof SETUP_TYPES)[number]

export type EntityKind = 'customer' | 'product' | 'order' | 'payment' | 'shipment'
export type AggregateType = 'customer' | 'order' | 'product'

export interface TypeSpec {
  aggregateType: AggregateType
  /** The payload field naming the aggregate (its value is the row's aggregate_id). */
  aggregateField: string
  /** The entity this event brings into existence, and the payload field holding its id. */
  creates?: { entity: EntityKind; path: string }
  /**
   * Entities that must exist, created by an earlier committed event of the same run. A path that is
   * absent from a payload (an optional reference) is not a reference.
   */
  references: { entity: EntityKind; path: string }[]
  /** Payload fields every event of this type carries. */
  required: string[]
}

export const CATALOG: Record<EventType, TypeSpec> = {
  product_listed: {
    aggregateType: 'product',
    aggregateField: 'sku',
    creates: { entity: 'product', path: 'sku' },
    references: [],
    required: ['sku', 'name', 'category', 'price', 'currency', 'initial_stock'],
  },
  customer_registered: {
    aggregateType: 'customer',
    aggregateField: 'customer_id',
    creates: { entity: 'customer', path: 'customer_id' },
    references: [],
    required: ['customer_id', 'first_name', 'last_name', 'email', 'phone', 'locale', 'address'],
  },
  order_placed: {
    aggregateType: 'order',
    aggregateField: 'order_id',
    creates: { entity: 'order', path: 'order_id' },
    references: [
      { entity: 'customer', path: 'customer_id' },
      { entity: 'product', path: 'lines[].sku' },
    ],
    required: ['order_id', 'customer_id', 'currency', 'lines', 'subtotal', 'tax', 'shipping_fee', 'total', 'shipping_address'],
  },
  payment_authorized: {
    aggregateType: 'order',
    aggregateField: 'order_id',
    creates: { entity: 'payment', path: 'payment_id' },
    references: [{ entity: 'order', path: 'order_id' }],
    required: ['order_id', 'payment_id', 'amount', 'currency', 'method', 'psp_reference'],
  },
  payment_captured: {
    aggregateType: 'order',
    aggregateField: 'order_id',
    references: [
      { entity: 'order', path: 'order_id' },
      { entity: 'payment', path: 'payment_id' },
    ],
    required: ['order_id', 'payment_id', 'amount', 'currency'],
  },
  shipment_dispatched: {
    aggregateType: 'order',
    aggregateField: 'order_id',
    creates: { entity: 'shipment', path: 'shipment_id' },
    references: [{ entity: 'order', path: 'order_id' }],
    required: ['order_id', 'shipment_id', 'carrier', 'tracking_number', 'warehouse', 'items', 'estimated_delivery_days'],
  },
  shipment_delivered: {
    aggregateType: 'order',
    aggregateField: 'order_id',
    references: [
      { entity: 'order', path: 'order_id' },
      { entity: 'shipment', path: 'shipment_id' },
    ],
    required: ['order_id', 'shipment_id', 'carrier', 'received_by'],
  },
  order_cancelled: {
    aggregateType: 'order',
    aggregateField: 'order_id',
    // payment_id is present only when the order had been authorized (the authorization is voided).
    references: [
      { entity: 'order', path: 'order_id' },
      { entity: 'payment', path: 'payment_id' },
    ],
    required: ['order_id', 'reason', 'refund_amount', 'currency'],
  },
  inventory_adjusted: {
    aggregateType: 'product',
    aggregateField: 'sku',
    references: [{ entity: 'product', path: 'sku' }],
    required: ['sku', 'warehouse', 'delta', 'reason'],
  },
}

/**
 * Default weights, shaped like a shop's event stream: mostly order and payment traffic, fewer
 * sign-ups. Each stage of the order pipeline weighs less than the one feeding it, so a VU's pools of
 * orders waiting for the next step rarely run dry and the observed mix stays on the weights.
 */
export const DEFAULT_MIX: Record<MixType, number> = {
  customer_registered: 8,
  order_placed: 22,
  payment_authorized: 20,
  payment_captured: 18,
  shipment_dispatched: 14,
  shipment_delivered: 10,
  order_cancelled: 2,
  inventory_adjusted: 6,
}

/** The values a catalogue path selects: "customer_id" or "lines[].sku" (absent -> none). */
export function valuesAt(payload: Record<string, unknown>, path: string): string[] {
  const [head = '', ...rest] = path.split('[].')
  const value = payload[head]
  if (value === undefined || value === null) return []
  if (rest.length === 0) return typeof value === 'string' || typeof value === 'number' ? [String(value)] : []
  if (!Array.isArray(value)) return []
  return value.flatMap((item) => valuesAt(item as Record<string, unknown>, rest.join('[].')))
}
