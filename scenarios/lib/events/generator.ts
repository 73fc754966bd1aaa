// The event generator of the commerce domain.
//
// Referential integrity — "an event only references entities that an earlier committed event
// created" — holds by construction, with two schemes:
//
// 1. Shared, deterministic: the product catalogue. setup() writes one product_listed event per
//    product (ids derived from the seed, written idempotently, before any VU starts). Every VU
//    re-derives the same list from the seed, so orders and inventory adjustments may reference any
//    product without talking to other VUs.
// 2. VU-local: customers, orders, payments and shipments. A VU only references entities it created
//    itself earlier in this run, kept in its Registry. A VU's writes are sequential (each awaited),
//    so the creating event is committed before the referencing one is even generated. Entities an
//    event creates become referenceable only after its write succeeded; a failed write rolls the
//    registry back.
//
// When the mix draws a type whose prerequisite does not exist yet in this VU (a payment before any
// order), the generator writes the missing prerequisite instead (order_placed, or
// customer_registered before that) and reports the substitution. It keeps the mix anyway: it
// counts, per type, what the draws asked for and what it wrote, and writes the feasible type that is
// furthest behind its draws first, so the debt of a VU's cold start (a few events) is paid back and
// the written mix tracks the weights instead of drifting towards prerequisites.
//
// Determinism: an event is a pure function of (seed, VU, iteration, index in batch) and the VU's
// earlier events, so the same seed replays byte-identical payloads, provided every earlier write of
// that VU succeeded. Entity ids depend on the seed only (not the run id): a replay reproduces the
// same business data, while event ids (ids.ts) stay unique per run.

import { CATALOG, MIX_TYPES, type AggregateType, type EventType, type MixType } from './catalog.ts'
import { mixTable, pickType, type Mix, type MixTable } from './mix.ts'
import * as build from './payloads.ts'
import { Prng } from './prng.ts'
import { catalogProducts, type Product } from './products.ts'
import { Registry } from './registry.ts'

export interface GeneratedEvent {
  type: EventType
  aggregate_type: AggregateType
  aggregate_id: string
  payload: Record<string, unknown>
  /** Set when the mix drew `wanted` but a missing prerequisite made the generator write `type`. */
  wanted?: MixType
}

export interface GeneratorOptions {
  seed: string
  /** exec.vu.idInTest: unique across every instance of a distributed run. */
  vu: number
  mix: Mix
  /** Products in the shared catalogue (must match what setup() wrote). */
  catalogSize?: number
}

const BUILDERS: Record<MixType, (ctx: build.BuildContext) => build.Payload> = {
  customer_registered: build.customerRegistered,
  order_placed: build.orderPlaced,
  payment_authorized: build.paymentAuthorized,
  payment_captured: build.paymentCaptured,
  shipment_dispatched: build.shipmentDispatched,
  shipment_delivered: build.shipmentDelivered,
  order_cancelled: build.orderCancelled,
  inventory_adjusted: build.inventoryAdjusted,
}

export class EventGenerator {
  readonly registry = new Registry()
  readonly products: Product[]
  private readonly table: MixTable
  /** Per type: draws minus writes (positive = the VU owes that type). Undone with the registry. */
  private readonly owed = Object.fromEntries(MIX_TYPES.map((t) => [t, 0])) as Record<MixType, number>
  private owedLog: [MixType, number][] = []

  constructor(private readonly options: GeneratorOptions) {
    this.products = catalogProducts(options.seed, options.catalogSize)
    this.table = mixTable(options.mix)
  }

  /** The k-th event of this VU's iteration `iter`. Call commit() or rollback() after the write. */
  next(iter: number, k: number = 0): GeneratedEvent {
    const prng = Prng.fromKey(`${this.options.seed}|${this.options.vu}|${iter}|${k}`)
    const wanted = pickType(this.table, prng.float())
    this.owe(wanted, 1)
    const payback = this.mostOwedFeasible(wanted)
    const type = payback ?? this.feasible(wanted)
    this.owe(type, -1)
    const payload = BUILDERS[type]({ prng, registry: this.registry, products: this.products })
    const spec = CATALOG[type]
    const event: GeneratedEvent = {
      type,
      aggregate_type: spec.aggregateType,
      aggregate_id: String(payload[spec.aggregateField]),
      payload,
    }
    if (payback === undefined && type !== wanted) event.wanted = wanted
    return event
  }

  /** The write carrying every event since the last commit/rollback succeeded. */
  commit(): void {
    this.registry.commit()
    this.owedLog = []
  }

  /** The write failed: its events never happened. */
  rollback(): void {
    this.registry.rollback()
    for (const [type, delta] of this.owedLog) this.owed[type] -= delta
    this.owedLog = []
  }

  private owe(type: MixType, delta: number): void {
    this.owed[type] += delta
    this.owedLog.push([type, delta])
  }

  /** Among types this VU owes and can write now, the most owed (the drawn type on a tie). */
  private mostOwedFeasible(drawn: MixType): MixType | undefined {
    let best: MixType | undefined
    for (const type of MIX_TYPES) {
      const owed = this.owed[type]
      if (owed <= 0 || this.feasible(type) !== type) continue
      if (best === undefined || owed > this.owed[best] || (owed === this.owed[best] && type === drawn)) best = type
    }
    return best
  }

  /** The drawn type, or the prerequisite this VU must create first. */
  private feasible(type: MixType): MixType {
    const r = this.registry
    switch (type) {
      case 'customer_registered':
      case 'inventory_adjusted':
        return type
      case 'order_placed':
        return r.size('customers') > 0 ? type : 'customer_registered'
      case 'payment_authorized':
        return r.size('placed') > 0 ? type : this.feasible('order_placed')
      case 'payment_captured':
        return r.size('authorized') > 0 ? type : this.feasible('payment_authorized')
      case 'shipment_dispatched':
        return r.size('captured') > 0 ? type : this.feasible('payment_captured')
      case 'shipment_delivered':
        return r.size('dispatched') > 0 ? type : this.feasible('shipment_dispatched')
      case 'order_cancelled':
        return r.size('placed') + r.size('authorized') > 0 ? type : this.feasible('order_placed')
    }
  }
}
