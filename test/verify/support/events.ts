// Realistic events for a run, from the scenarios' own seeded generator (the commerce domain with
// its references): the product catalogue first (what setup() writes), then `vus` VUs taking
// turns, each VU's events in the order it generated them, so every reference points back to an
// entity an earlier row created. Used by the verifier's integration tests and benchmark.
import { CATALOG } from '../../../scenarios/lib/events/catalog.ts'
import { EventGenerator } from '../../../scenarios/lib/events/generator.ts'
import { parseMix } from '../../../scenarios/lib/events/mix.ts'
import { catalogProducts, productListedPayload } from '../../../scenarios/lib/events/products.ts'
import { toRow, type EventRow } from '../../../scenarios/lib/events/row.ts'

export const CATALOG_SIZE = 12

export function* generateRows(options: { seed: string; runId: string; events: number; vus?: number; startMs?: number; intervalMs?: number }): Generator<EventRow> {
  const { seed, runId } = options
  const vus = options.vus ?? 4
  const start = options.startMs ?? Date.now()
  const step = options.intervalMs ?? 0
  let seq = 0
  const products = catalogProducts(seed, CATALOG_SIZE)
  for (const [i, product] of products.entries()) {
    if (seq >= options.events) return
    yield toRow(
      { type: 'product_listed', aggregate_type: CATALOG.product_listed.aggregateType, aggregate_id: product.sku, payload: productListedPayload(product) },
      { seed, runId, origin: { vu: 0, iter: i, k: 0 }, seq, scheduledAtMs: start + seq * step },
    )
    seq++
  }
  const mix = parseMix(undefined)
  const generators = Array.from({ length: vus }, (_, v) => new EventGenerator({ seed, vu: v + 1, mix, catalogSize: CATALOG_SIZE }))
  for (let iter = 0; seq < options.events; iter++) {
    for (let v = 0; v < vus && seq < options.events; v++) {
      const g = generators[v]!
      const event = g.next(iter, 0)
      g.commit()
      yield toRow(event, { seed, runId, origin: { vu: v + 1, iter, k: 0 }, seq, scheduledAtMs: start + seq * step })
      seq++
    }
  }
}
