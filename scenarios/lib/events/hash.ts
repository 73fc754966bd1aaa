// A 128-bit string hash (four 32-bit lanes with different multipliers, then a murmur-style
// avalanche with cross-lane mixing). Not cryptographic: it only has to spread (seed, run, VU,
// iteration) keys evenly so that event ids never collide in practice and PRNG streams are
// independent. Pure ES2020 integer math (Math.imul), so k6's Sobek and Node give the same bits.

export type Words = [number, number, number, number]

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r))
}

export function hash128(key: string): Words {
  let a = 0x6a09e667
  let b = 0xbb67ae85
  let c = 0x3c6ef372
  let d = 0xa54ff53a
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i)
    a = rotl(Math.imul(a ^ ch, 0x01000193), 13)
    b = rotl(Math.imul(b ^ ch, 0x5bd1e995), 17)
    c = rotl(Math.imul(c ^ ch, 0x27d4eb2f), 11)
    d = rotl(Math.imul(d ^ ch, 0x165667b1), 19)
  }
  a = fmix32(a ^ key.length)
  b = fmix32(b + a)
  c = fmix32(c + b)
  d = fmix32(d + c)
  a = fmix32(a + d)
  return [a, b, c, d]
}

// Byte -> two hex digits: a table lookup is several times cheaper than toString(16) + padStart in
// an interpreter such as Sobek, and every event needs a few dozen hex digits.
const BYTE_HEX: string[] = []
for (let i = 0; i < 256; i++) BYTE_HEX.push((i < 16 ? '0' : '') + i.toString(16))

/** Lowercase hex of one 32-bit word, zero-padded to 8 characters. */
export function hex32(word: number): string {
  return BYTE_HEX[(word >>> 24) & 255]! + BYTE_HEX[(word >>> 16) & 255]! + BYTE_HEX[(word >>> 8) & 255]! + BYTE_HEX[word & 255]!
}
