// Postgres LSNs travel as "XXXXXXXX/XXXXXXXX" text. Ack bookkeeping needs ordering and
// arithmetic, so they are handled as 64-bit bigints internally and formatted only at the edges.

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/

export function parseLsn(text: string): bigint {
  const match = LSN_TEXT.exec(text)
  if (!match) throw new Error(`invalid LSN "${text}" (expected hex "X/Y", e.g. "0/16B6C50")`)
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`)
}

export function formatLsn(lsn: bigint): string {
  if (lsn < 0n || lsn >= 1n << 64n) throw new RangeError(`LSN out of range: ${lsn}`)
  const upper = (lsn >> 32n).toString(16).toUpperCase()
  const lower = (lsn & 0xffffffffn).toString(16).toUpperCase()
  return `${upper}/${lower}`
}
