// An exact set of event ids that costs ~21-43 bytes an id instead of the ~100+ of a Set<string>
// (a heap string of 36 characters plus the Set's entry): the run's arrival count must know
// every committed id it has seen to count each once (arrival-tracker.ts), so it grows with the
// run, and in a 2-hour soak that is hundreds of thousands of ids. A canonical UUID (lower-case,
// 8-4-4-4-12, the form committed-ids.ts and normalizeId produce) is kept as its 16 bytes in an
// open-addressing table over a Uint32Array: exact, nothing allocated per id. Any other id
// string (a profile whose ids are not UUIDs) goes to a plain Set, so the set stays exact for all.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** Slots stay at most this full: short linear probe sequences. */
const MAX_LOAD = 0.75

function word(id: string, from: number): number {
  return Number.parseInt(id.slice(from, from + 8), 16) >>> 0
}

export class IdSet {
  /** 4 words a slot; an all-zero slot is empty (the nil UUID is kept apart, in #nil). */
  #slots: Uint32Array
  #mask: number
  #uuids = 0
  #nil = false
  #others = new Set<string>()
  readonly #w = new Uint32Array(4)

  constructor(initialCapacity = 1024) {
    let capacity = 16
    while (capacity < initialCapacity) capacity *= 2
    this.#slots = new Uint32Array(capacity * 4)
    this.#mask = capacity - 1
  }

  get size(): number {
    return this.#uuids + (this.#nil ? 1 : 0) + this.#others.size
  }

  /** Bytes held by the table (for the benchmark note); the fallback Set is not counted. */
  get tableBytes(): number {
    return this.#slots.byteLength
  }

  has(id: string): boolean {
    if (!this.#parse(id)) return this.#others.has(id)
    if (this.#isNil()) return this.#nil
    return this.#find(this.#slots, this.#mask) >= 0
  }

  /** Adds `id`; true when it was not there yet. */
  add(id: string): boolean {
    if (!this.#parse(id)) {
      if (this.#others.has(id)) return false
      this.#others.add(id)
      return true
    }
    if (this.#isNil()) {
      if (this.#nil) return false
      return (this.#nil = true)
    }
    const at = this.#find(this.#slots, this.#mask)
    if (at >= 0) return false
    if ((this.#uuids + 1) / (this.#mask + 1) > MAX_LOAD) this.#grow()
    this.#insert(this.#slots, this.#mask)
    this.#uuids++
    return true
  }

  #parse(id: string): boolean {
    if (id.length !== 36 || !UUID.test(id)) return false
    const w = this.#w
    w[0] = word(id, 0)
    w[1] = ((Number.parseInt(id.slice(9, 13), 16) << 16) | Number.parseInt(id.slice(14, 18), 16)) >>> 0
    w[2] = ((Number.parseInt(id.slice(19, 23), 16) << 16) | Number.parseInt(id.slice(24, 28), 16)) >>> 0
    w[3] = word(id, 28)
    return true
  }

  #isNil(): boolean {
    const w = this.#w
    return (w[0]! | w[1]! | w[2]! | w[3]!) === 0
  }

  /** Slot of the parsed id in `slots`, or -1. Random UUIDs are already well mixed; v7 ones are not in their first bits, hence the mix. */
  #find(slots: Uint32Array, mask: number): number {
    const w = this.#w
    for (let i = hash(w) & mask; ; i = (i + 1) & mask) {
      const o = i * 4
      const a = slots[o]!, b = slots[o + 1]!, c = slots[o + 2]!, d = slots[o + 3]!
      if ((a | b | c | d) === 0) return -1
      if (a === w[0] && b === w[1] && c === w[2] && d === w[3]) return i
    }
  }

  #insert(slots: Uint32Array, mask: number): void {
    const w = this.#w
    let i = hash(w) & mask
    while ((slots[i * 4]! | slots[i * 4 + 1]! | slots[i * 4 + 2]! | slots[i * 4 + 3]!) !== 0) i = (i + 1) & mask
    slots.set(w, i * 4)
  }

  #grow(): void {
    const old = this.#slots
    const capacity = (this.#mask + 1) * 2
    const slots = new Uint32Array(capacity * 4)
    const mask = capacity - 1
    const saved = Uint32Array.from(this.#w)
    for (let o = 0; o < old.length; o += 4) {
      if ((old[o]! | old[o + 1]! | old[o + 2]! | old[o + 3]!) === 0) continue
      this.#w.set(old.subarray(o, o + 4))
      this.#insert(slots, mask)
    }
    this.#w.set(saved)
    this.#slots = slots
    this.#mask = mask
  }
}

function hash(w: Uint32Array): number {
  let h = Math.imul(w[0]! ^ 0x9e3779b9, 0x85ebca6b)
  h = Math.imul(h ^ w[1]! ^ (h >>> 13), 0xc2b2ae35)
  h = Math.imul(h ^ w[2]! ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ w[3]! ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
