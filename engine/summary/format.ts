// Value formatting of k6's end-of-test summary: durations auto-scaled (or in a fixed
// summaryTimeUnit) with up to 2 decimals truncated, bytes in base 1000, plain numbers with
// up to 6 decimals and no trailing zeros, rates as truncated percentages.
import type { ValueKind } from '../metrics/metric.ts'
import type { SummaryTimeUnit } from '../options/types.ts'

function trunc(n: number, decimals: number): string {
  const f = 10 ** decimals
  const t = Math.trunc(n * f + (n >= 0 ? 1e-9 : -1e-9)) / f
  const s = t.toFixed(decimals)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

export function formatDuration(ms: number, unit: SummaryTimeUnit = ''): string {
  switch (unit) {
    case 's':
      return `${(ms / 1000).toFixed(2)}s`
    case 'ms':
      return `${ms.toFixed(2)}ms`
    case 'us':
      return `${(ms * 1000).toFixed(2)}µs`
  }
  const abs = Math.abs(ms)
  if (abs === 0) return '0s'
  if (abs < 0.001) return `${trunc(ms * 1e6, 0)}ns`
  if (abs < 1) return `${trunc(ms * 1000, 2)}µs`
  if (abs < 1000) return `${trunc(ms, 2)}ms`
  if (abs < 60_000) return `${trunc(ms / 1000, 2)}s`
  const sign = ms < 0 ? '-' : ''
  let rest = abs
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  return `${sign}${h > 0 ? `${h}h` : ''}${m}m${trunc(rest / 1000, 2)}s`
}

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
  let v = n
  let i = 0
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${i === 0 ? Math.round(v) : v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  return trunc(n, 6)
}

export function formatValue(v: number, kind: ValueKind, unit: SummaryTimeUnit): string {
  if (kind === 'time') return formatDuration(v, unit)
  if (kind === 'data') return formatBytes(v)
  return formatNumber(v)
}

/** "12.34%" truncated, as k6 prints rates. */
export function formatPercent(rate: number): string {
  return `${(Math.floor(rate * 10000 + 1e-9) / 100).toFixed(2)}%`
}
