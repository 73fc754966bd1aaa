// Seeded, stateless randomness: every fault decision is a pure function of (seed, purpose,
// event id), so a replayed event gets the same fate and a test can recompute the plan.
import { createHash } from 'node:crypto'

function digest(parts: readonly string[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest()
}

/** A uniform number in [0, 1) derived from the parts. */
export function draw(...parts: string[]): number {
  // 53 bits fill a double's mantissa exactly, so every value is equally likely.
  const bits = digest(parts).readBigUInt64BE(0) >> 11n
  return Number(bits) / 2 ** 53
}

/** A deterministic RFC 4122 version-4-shaped UUID derived from the parts. */
export function derivedUuid(...parts: string[]): string {
  const bytes = digest(parts).subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
