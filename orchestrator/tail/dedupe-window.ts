// Live duplicate detection over the most recent ids only (two generations of at most `size`
// ids each), so memory stays bounded in a soak. Duplicates from a producer retry or a relay
// replay arrive close together; the exact count comes from the sorted spill at stop. Ids are
// kept as 53-bit hashes (numbers hash and compare far faster than strings in a Set); a false
// "duplicate" needs two of the window's ids to collide, about 1 in 10^4 at 500k ids, and only
// ever affects the live figure.
export class DedupeWindow {
  #current = new Set<number>()
  #previous = new Set<number>()

  constructor(readonly size = 250_000) {}

  /** True when `id` was seen within the window; remembers it either way. */
  seen(id: string): boolean {
    const h = hash53(id)
    if (this.#current.has(h) || this.#previous.has(h)) return true
    if (this.#current.size >= this.size) {
      this.#previous = this.#current
      this.#current = new Set()
    }
    this.#current.add(h)
    return false
  }
}

/** Two 32-bit FNV-1a lanes (different offsets) folded into a safe integer. */
function hash53(s: string): number {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff)
}
