// Event ids: UUID-v4-shaped (version nibble 4, RFC 4122 variant) but derived from the run's seed,
// run id, VU and iteration instead of random bits, so the verifier can re-derive the id of any
// event from where it was generated. The run id is part of the key, so two runs with the same seed
// (a replay) never share event ids, while their payloads stay byte-identical.

import { hash128, hex32 } from './hash.ts'

/** Where an event was generated: VU (exec.vu.idInTest; 0 = setup), VU iteration, index in batch. */
export interface Origin {
  vu: number
  iter: number
  k: number
}

export function eventId(seed: string, runId: string, origin: Origin): string {
  const [a, b, c, d] = hash128(`event|${seed}|${runId}|${origin.vu}|${origin.iter}|${origin.k}`)
  const h = hex32(a) + hex32(b) + hex32(c) + hex32(d)
  // 8-4-4-4-12 with the version and variant bits set as a random v4 UUID would have them.
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
