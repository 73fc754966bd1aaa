// Live duplicate detection over the most recent ids only (two generations of at most `size`
// ids each), so memory stays bounded in a soak. Duplicates from a producer retry or a relay
// replay arrive close together; the exact count comes from the sorted spill at stop. Ids are
// kept as 63-bit hashes in open-addressing tables over typed arrays: nothing is allocated per
// id (a Set of 53-bit numbers boxes every one of them, and the tail sees every record). A false
// "duplicate" needs two of the window's ids to collide, about 1 in 10^13 at 500k ids, and only
// ever affects the live figure.
export class DedupeWindow {
  readonly #mask: number
  #current: Generation
  #previous: Generation

  constructor(readonly size = 250_000) {
    // at most half full: short probe sequences
    let capacity = 16
    while (capacity < size * 2) capacity *= 2
    this.#mask = capacity - 1
    this.#current = new Generation(capacity)
    this.#previous = new Generation(capacity)
  }

  /** True when `id` was seen within the window; remembers it either way. */
  seen(id: string): boolean {
    let a = 0x811c9dc5
    let b = 0x01000193 ^ 0x5bd1e995
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i)
      a = Math.imul(a ^ c, 0x01000193)
      b = Math.imul(b ^ c, 0x5bd1e995)
    }
    a = fmix(a)
    b = fmix(b) | 1 // 0 marks an empty slot
    if (this.#current.has(a, b, this.#mask) || this.#previous.has(a, b, this.#mask)) return true
    if (this.#current.count >= this.size) {
      const old = this.#previous
      old.clear()
      this.#previous = this.#current
      this.#current = old
    }
    this.#current.add(a, b, this.#mask)
    return false
  }
}

class Generation {
  readonly lo: Int32Array
  readonly hi: Int32Array
  count = 0

  constructor(capacity: number) {
    this.lo = new Int32Array(capacity)
    this.hi = new Int32Array(capacity)
  }

  has(a: number, b: number, mask: number): boolean {
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const h = this.hi[i]!
      if (h === 0) return false
      if (h === b && this.lo[i] === a) return true
    }
  }

  add(a: number, b: number, mask: number): void {
    let i = a & mask
    while (this.hi[i] !== 0) i = (i + 1) & mask
    this.lo[i] = a
    this.hi[i] = b
    this.count++
  }

  clear(): void {
    this.lo.fill(0)
    this.hi.fill(0)
    this.count = 0
  }
}

/** murmur3's finaliser: spreads FNV's weak low bits before they pick a slot. */
function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) | 0
}
