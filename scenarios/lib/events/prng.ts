// The only source of randomness in generated events: xoshiro128** seeded from hash128 of a key
// such as "seed|vu|iter|k". Same key, same stream, in k6 and in Node (no Math.random anywhere).

import { hash128, hex32, type Words } from './hash.ts'

export class Prng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(seedWords: Words) {
    ;[this.s0, this.s1, this.s2, this.s3] = seedWords
    // xoshiro must not start from an all-zero state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 0x9e3779b9
  }

  static fromKey(key: string): Prng {
    return new Prng(hash128(key))
  }

  /** Next 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.float() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: empty list')
    return items[Math.floor(this.float() * items.length)] as T
  }

  /** Lowercase hex string of `chars` characters (a multiple of 8 not required). */
  hex(chars: number): string {
    let out = ''
    while (out.length < chars) out += hex32(this.u32())
    return out.slice(0, chars)
  }

  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String(this.int(0, 9))
    return out
  }

  upper(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String.fromCharCode(65 + this.int(0, 25))
    return out
  }
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}
