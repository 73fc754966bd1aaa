// RFC 3339 with nanoseconds and the local UTC offset, as k6's JSON output writes sample times
// (Go's time.RFC3339Nano keeps the offset and trims trailing zeros of the fraction).
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export function rfc3339Nano(epochMs: number): string {
  const ms = Math.floor(epochMs)
  const d = new Date(ms)
  const nanos = Math.round((epochMs - ms) * 1e6) + (d.getMilliseconds() * 1e6)
  const frac = String(Math.min(nanos, 999_999_999)).padStart(9, '0').replace(/0+$/, '')
  const off = -d.getTimezoneOffset()
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    (frac ? `.${frac}` : '') +
    zone
  )
}
