// The shared product catalogue. Every VU references the same products, so they cannot live in a
// VU-local registry: setup() writes one product_listed event per product before any VU starts, and
// every VU re-derives the identical list from the seed (no state passes between VUs).

import { PRODUCT_ADJECTIVES, PRODUCT_CATEGORIES, PRODUCT_COLOURS } from './dictionary.ts'
import { Prng } from './prng.ts'

export interface Product {
  sku: string
  name: string
  category: string
  priceEurCents: number
  initialStock: number
}

export const DEFAULT_CATALOG_SIZE = 24

export function catalogProducts(seed: string, count: number = DEFAULT_CATALOG_SIZE): Product[] {
  const prng = Prng.fromKey(`catalog|${seed}`)
  const seen = new Set<string>()
  const products: Product[] = []
  for (let i = 0; i < count; i++) {
    const category = PRODUCT_CATEGORIES[i % PRODUCT_CATEGORIES.length]!
    let number = prng.int(10000, 99999)
    while (seen.has(`${category.code}${number}`)) number = number === 99999 ? 10000 : number + 1
    seen.add(`${category.code}${number}`)
    const [low, high] = category.priceEur
    // Prices end in .99/.49/.00 like a shop's, not at random cents.
    const euros = Math.floor(prng.int(low, high) / 100)
    const cents = prng.pick([99, 49, 0])
    products.push({
      sku: `SKU-${category.code}-${number}`,
      name: `${prng.pick(PRODUCT_ADJECTIVES)} ${prng.pick(category.nouns)}, ${prng.pick(PRODUCT_COLOURS)}`,
      category: category.name,
      priceEurCents: euros * 100 + cents,
      initialStock: prng.int(20, 500),
    })
  }
  return products
}

export function productListedPayload(product: Product): Record<string, unknown> {
  return {
    sku: product.sku,
    name: product.name,
    category: product.category,
    price: product.priceEurCents / 100,
    currency: 'EUR',
    initial_stock: product.initialStock,
  }
}
