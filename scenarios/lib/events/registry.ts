// The VU-local registry: what this VU has created in this run and what state each order is in.
// Consuming an entity (authorizing a placed order) takes it out at once, so two events of one batch
// never act on the same order; entities an event creates are staged and become visible only after
// the write that carries them succeeded (commit), so nothing references an uncommitted entity. A
// failed write rolls the removals back.

export interface CustomerRec {
  id: string
  market: number
  firstName: string
  address: Record<string, string>
}

export interface OrderRec {
  id: string
  customerId: string
  /** Who can sign for the parcel: the customer's first name. */
  recipient: string
  currency: string
  totalMinor: number
  items: number
  paymentId?: string
  shipmentId?: string
  carrier?: string
}

export type PoolName = 'customers' | 'placed' | 'authorized' | 'captured' | 'dispatched'
type Rec = CustomerRec | OrderRec

/**
 * Pools are capped so a soak's memory stays flat: past the cap the oldest entries are dropped (an
 * order nobody follows up is an abandoned order), which never breaks integrity since dropping only
 * makes fewer entities referenceable.
 */
export const POOL_CAP = 400

export class Registry {
  readonly customers: CustomerRec[] = []
  readonly placed: OrderRec[] = []
  readonly authorized: OrderRec[] = []
  readonly captured: OrderRec[] = []
  readonly dispatched: OrderRec[] = []

  private removed: { pool: PoolName; index: number; rec: Rec }[] = []
  private staged: { pool: PoolName; rec: Rec }[] = []

  size(pool: PoolName): number {
    return this[pool].length
  }

  /** Reads without consuming (customers are referenced many times). */
  peek<T extends Rec>(pool: PoolName, index: number): T {
    return this[pool][index] as T
  }

  /** Takes an entity out of a pool for this event (the last entry fills its slot); undone by rollback(). */
  take<T extends Rec>(pool: PoolName, index: number): T {
    const list = this[pool] as Rec[]
    const rec = list[index]
    if (rec === undefined) throw new Error(`registry: no entry ${index} in ${pool}`)
    const last = list.pop()!
    if (index < list.length) list[index] = last
    this.removed.push({ pool, index, rec })
    return rec as T
  }

  /** Adds an entity once the event that created or advanced it is committed. */
  stage(pool: PoolName, rec: Rec): void {
    this.staged.push({ pool, rec })
  }

  commit(): void {
    for (const { pool, rec } of this.staged) {
      const list = this[pool] as Rec[]
      list.push(rec)
      if (list.length > POOL_CAP) list.splice(0, list.length - POOL_CAP)
    }
    this.staged = []
    this.removed = []
  }

  rollback(): void {
    for (let i = this.removed.length - 1; i >= 0; i--) {
      const { pool, index, rec } = this.removed[i]!
      const list = this[pool] as Rec[]
      // Undo take(): move the entry that filled the slot back to the end, put `rec` back in place.
      if (index < list.length) {
        list.push(list[index]!)
        list[index] = rec
      } else {
        list.push(rec)
      }
    }
    this.staged = []
    this.removed = []
  }
}
