// Go's time.ParseDuration, because the extensions take Go durations verbatim: xk6-sql's
// `*WithTimeout("300ms")` and its pool options, xk6-kafka's `maxWait: "5s"`. A script that
// parses here must parse in real k6, so the grammar is Go's, not a friendlier superset.

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
}

const TOKEN = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/

/** Parses a Go duration string ("300ms", "1.5s", "1h2m", "-2s", "0") into nanoseconds. */
export function parseGoDurationNs(input: string): number {
  let rest = input
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1
    rest = rest.slice(1)
  }
  if (rest === '0') return 0
  if (rest === '') throw invalid(input)
  let total = 0
  while (rest !== '') {
    const m = TOKEN.exec(rest)
    if (!m) throw invalid(input)
    const [whole, intPart = '', fracPart, unit = ''] = m
    if (intPart === '' && (fracPart === undefined || fracPart === '')) throw invalid(input)
    const scale = UNIT_NS[unit]
    if (scale === undefined) throw invalid(input, `unknown unit "${unit}"`)
    total += Number(`${intPart || '0'}.${fracPart ?? '0'}`) * scale
    rest = rest.slice(whole.length)
  }
  return sign * total
}

/** Same as {@link parseGoDurationNs}, in milliseconds (what timers and k6 time metrics use). */
export function parseGoDurationMs(input: string): number {
  return parseGoDurationNs(input) / 1e6
}

function invalid(input: string, why?: string): Error {
  const detail = why ? ` (${why})` : ''
  return new Error(
    `time: invalid duration ${JSON.stringify(input)}${detail}: use a Go duration string such as "300ms", "1.5s", "2m" or "1h30m"`,
  )
}
