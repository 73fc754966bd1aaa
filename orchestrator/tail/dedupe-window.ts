// Live duplicate detection over the most recent ids only (two generations of at most `size`
// ids each), so memory stays bounded in a soak. Duplicates from a producer retry or a relay
// replay arrive close together; the exact count comes from the sorted spill at stop.
export class DedupeWindow {
  #current = new Set<string>()
  #previous = new Set<string>()

  constructor(readonly size = 250_000) {}

  /** True when `id` was seen within the window; remembers it either way. */
  seen(id: string): boolean {
    if (this.#current.has(id) || this.#previous.has(id)) return true
    if (this.#current.size >= this.size) {
      this.#previous = this.#current
      this.#current = new Set()
    }
    this.#current.add(id)
    return false
  }
}
