// Math.random for one VU: the engine's default until randomSeed(n) makes it deterministic
// (mulberry32 — small and fast; k6 promises determinism, not a particular generator).
export class VuRandom {
  #seeded: (() => number) | undefined

  readonly random = (): number => (this.#seeded ? this.#seeded() : Math.random())

  seed(n: number): void {
    let a = Math.trunc(n) >>> 0
    this.#seeded = () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
}
