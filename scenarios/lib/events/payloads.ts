// One builder per event type. Each draws only from the event's own PRNG and the VU's registry, so
// the same (seed, VU, iteration) yields the same payload, key order included.

import {
  CANCEL_REASONS, CARD_BRANDS, CARRIERS, CHANNELS, EMAIL_DOMAINS, INVENTORY_REASONS, MARKETS,
  PAYMENT_METHODS, WAREHOUSES, asciiFold,
} from './dictionary.ts'
import { convertEurCents, toAmount } from './money.ts'
import type { Prng } from './prng.ts'
import type { Product } from './products.ts'
import type { CustomerRec, OrderRec, Registry } from './registry.ts'

export interface BuildContext {
  prng: Prng
  registry: Registry
  products: Product[]
}

export type Payload = Record<string, unknown>

function postalCode(prng: Prng, shape: string): string {
  let out = ''
  for (const ch of shape) out += ch === '9' ? prng.digits(1) : ch === 'A' ? prng.upper(1) : ch
  return out
}

export function customerRegistered({ prng, registry }: BuildContext): Payload {
  const marketIndex = prng.int(0, MARKETS.length - 1)
  const market = MARKETS[marketIndex]!
  const firstName = prng.pick(market.firstNames)
  const lastName = prng.pick(market.lastNames)
  const customerId = `cus_${prng.hex(16)}`
  const suffix = prng.chance(0.5) ? String(prng.int(1, 99)) : ''
  const email = `${asciiFold(firstName)}.${asciiFold(lastName)}${suffix}@${prng.pick(EMAIL_DOMAINS)}`
  const street = prng.pick(market.streets)
  const houseNumber = String(prng.int(1, 180))
  const address = {
    line1: market.numberFirst ? `${houseNumber} ${street}` : `${street} ${houseNumber}`,
    postal_code: postalCode(prng, market.postal),
    city: prng.pick(market.cities),
    country: market.country,
  }
  registry.stage('customers', { id: customerId, market: marketIndex, firstName, address })
  return {
    customer_id: customerId,
    first_name: firstName,
    last_name: lastName,
    email,
    phone: `${market.phonePrefix} ${prng.digits(3)} ${prng.digits(4)}`,
    locale: market.locale,
    address,
    marketing_opt_in: prng.chance(0.35),
  }
}

export function orderPlaced({ prng, registry, products }: BuildContext): Payload {
  const customer = registry.peek<CustomerRec>('customers', prng.int(0, registry.size('customers') - 1))
  const market = MARKETS[customer.market]!
  const currency = market.currency
  const lineCount = prng.pick([1, 1, 1, 2, 2, 3, 4])
  const chosen = new Set<number>()
  const lines: { sku: string; quantity: number; unit_price: number }[] = []
  let subtotal = 0
  let items = 0
  while (lines.length < lineCount) {
    const index = prng.int(0, products.length - 1)
    if (chosen.has(index)) continue
    chosen.add(index)
    const product = products[index]!
    const quantity = prng.pick([1, 1, 1, 1, 2, 2, 3])
    const unitMinor = convertEurCents(product.priceEurCents, currency)
    subtotal += unitMinor * quantity
    items += quantity
    lines.push({ sku: product.sku, quantity, unit_price: toAmount(unitMinor, currency) })
  }
  const shippingMinor = subtotal >= convertEurCents(5000, currency) ? 0 : convertEurCents(495, currency)
  const taxMinor = Math.round(subtotal * market.taxRate)
  const totalMinor = subtotal + shippingMinor + taxMinor
  const orderId = `ord_${prng.hex(16)}`
  registry.stage('placed', {
    id: orderId, customerId: customer.id, recipient: customer.firstName, currency, totalMinor, items,
  })
  return {
    order_id: orderId,
    customer_id: customer.id,
    channel: prng.pick(CHANNELS),
    currency,
    lines,
    subtotal: toAmount(subtotal, currency),
    tax: toAmount(taxMinor, currency),
    shipping_fee: toAmount(shippingMinor, currency),
    total: toAmount(totalMinor, currency),
    shipping_address: customer.address,
  }
}

export function paymentAuthorized({ prng, registry }: BuildContext): Payload {
  const order = registry.take<OrderRec>('placed', prng.int(0, registry.size('placed') - 1))
  const paymentId = `pay_${prng.hex(16)}`
  const method = prng.pick(PAYMENT_METHODS)
  registry.stage('authorized', { ...order, paymentId })
  const payload: Payload = {
    order_id: order.id,
    payment_id: paymentId,
    amount: toAmount(order.totalMinor, order.currency),
    currency: order.currency,
    method,
    psp_reference: `psp_${prng.upper(4)}${prng.digits(10)}`,
  }
  if (method === 'card') payload.card = { brand: prng.pick(CARD_BRANDS), last4: prng.digits(4) }
  return payload
}

export function paymentCaptured({ prng, registry }: BuildContext): Payload {
  const order = registry.take<OrderRec>('authorized', prng.int(0, registry.size('authorized') - 1))
  registry.stage('captured', order)
  return {
    order_id: order.id,
    payment_id: order.paymentId,
    amount: toAmount(order.totalMinor, order.currency),
    currency: order.currency,
  }
}

export function shipmentDispatched({ prng, registry }: BuildContext): Payload {
  const order = registry.take<OrderRec>('captured', prng.int(0, registry.size('captured') - 1))
  const carrier = prng.pick(CARRIERS)
  const shipmentId = `shp_${prng.hex(16)}`
  registry.stage('dispatched', { ...order, shipmentId, carrier: carrier.name })
  return {
    order_id: order.id,
    shipment_id: shipmentId,
    carrier: carrier.name,
    tracking_number: `${carrier.trackingPrefix}${prng.digits(12)}`,
    warehouse: prng.pick(WAREHOUSES),
    items: order.items,
    estimated_delivery_days: prng.int(1, 5),
  }
}

export function shipmentDelivered({ prng, registry }: BuildContext): Payload {
  const order = registry.take<OrderRec>('dispatched', prng.int(0, registry.size('dispatched') - 1))
  return {
    order_id: order.id,
    shipment_id: order.shipmentId,
    carrier: order.carrier,
    received_by: prng.pick([order.recipient, order.recipient, order.recipient, 'neighbour', 'parcel locker']),
  }
}

export function orderCancelled({ prng, registry }: BuildContext): Payload {
  const placed = registry.size('placed')
  const index = prng.int(0, placed + registry.size('authorized') - 1)
  const order = index < placed
    ? registry.take<OrderRec>('placed', index)
    : registry.take<OrderRec>('authorized', index - placed)
  const payload: Payload = { order_id: order.id }
  // An authorized order's hold is released; a merely placed one had nothing to refund.
  if (order.paymentId !== undefined) payload.payment_id = order.paymentId
  payload.reason = prng.pick(CANCEL_REASONS)
  payload.refund_amount = order.paymentId !== undefined ? toAmount(order.totalMinor, order.currency) : 0
  payload.currency = order.currency
  return payload
}

export function inventoryAdjusted({ prng, products }: BuildContext): Payload {
  const product = prng.pick(products)
  const reason = prng.pick(INVENTORY_REASONS)
  const delta =
    reason === 'restock' ? prng.int(10, 200)
      : reason === 'customer_return' ? prng.int(1, 3)
        : reason === 'cycle_count' ? prng.pick([-3, -2, -1, 1, 2, 3])
          : -prng.int(1, 5)
  return { sku: product.sku, warehouse: prng.pick(WAREHOUSES), delta, reason }
}
