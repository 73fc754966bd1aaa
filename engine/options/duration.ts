// k6 durations (lib/types ParseExtendedDuration, paraphrased): a Go duration string ("1m30s",
// "250ms", "1.5s"), optionally prefixed by days ("2d12h"), or a plain number / numeric string
// meaning milliseconds.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
}

const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/

/** Parses a duration to milliseconds; throws with the accepted forms on bad input. */
export function parseDuration(value: unknown, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${what}: ${value} is not a valid duration`)
    return value
  }
  if (typeof value !== 'string') {
    throw new Error(`${what}: expected a duration like "30s", "1m30s" or a number of milliseconds, got ${JSON.stringify(value)}`)
  }
  const text = value.trim()
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text)
  const fail = () =>
    new Error(`${what}: ${JSON.stringify(value)} is not a valid duration (use e.g. "30s", "1m30s", "250ms", "2d12h" or a number of milliseconds)`)
  let rest = text
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1
    rest = rest.slice(1)
  }
  let total = 0
  const days = /^(\d+)d/.exec(rest)
  if (days?.[1]) {
    total += Number(days[1]) * 86_400_000
    rest = rest.slice(days[0].length)
  }
  if (rest === '' && !days) throw fail()
  if (rest === '0' && !days) return 0
  while (rest !== '') {
    const m = PART.exec(rest)
    if (!m?.[1] || !m[2]) throw fail()
    total += Number(m[1]) * UNIT_MS[m[2]]!
    rest = rest.slice(m[0].length)
  }
  return sign * total
}

/** k6's way of printing a duration in descriptions: Go style, "1m30s", "500ms", "0s". */
export function formatDurationGo(ms: number): string {
  if (ms === 0) return '0s'
  const neg = ms < 0
  let rest = Math.abs(ms)
  if (rest < 1000) return `${neg ? '-' : ''}${trim(rest)}ms`
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  const s = rest / 1000
  let out = ''
  if (h > 0) out += `${h}h`
  if (h > 0 || m > 0) out += `${m}m`
  out += `${trim(s)}s`
  return (neg ? '-' : '') + out
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000)
}
