// End-of-test summary formatting (semantics §7): durations auto-scaled or in summaryTimeUnit,
// base-1000 bytes, truncated percentages, summaryTrendStats order.
import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../../engine/summary/format.ts'
import { runFixture } from './support/run.ts'

describe('summary value formats', () => {
  it('durations auto-scale with up to 2 truncated decimals', () => {
    expect(formatDuration(0.0005)).toBe('500ns')
    expect(formatDuration(0.12345)).toBe('123.45µs')
    expect(formatDuration(10.5678)).toBe('10.56ms')
    expect(formatDuration(1500)).toBe('1.5s')
    expect(formatDuration(90_000)).toBe('1m30s')
    expect(formatDuration(3_723_000)).toBe('1h2m3s')
  })

  it('summaryTimeUnit fixes the unit with 2 decimals', () => {
    expect(formatDuration(1234.5, 's')).toBe('1.23s')
    expect(formatDuration(1.5, 'ms')).toBe('1.50ms')
    expect(formatDuration(1.5, 'us')).toBe('1500.00µs')
  })

  it('bytes in base 1000, rates truncated, numbers without trailing zeros', () => {
    expect(formatBytes(950)).toBe('950 B')
    expect(formatBytes(3100)).toBe('3.1 kB')
    expect(formatBytes(510_000)).toBe('510 kB')
    expect(formatPercent(0.99999)).toBe('99.99%')
    expect(formatNumber(13.1221794)).toBe('13.122179')
    expect(formatNumber(2)).toBe('2')
  })

  it('the printed summary follows summaryTrendStats and summaryTimeUnit', async () => {
    const r = await runFixture('configurable', {
      env: { OPTIONS: JSON.stringify({ iterations: 2 }), SLEEP_MS: '10' },
      cli: { summaryTrendStats: ['p(99.9)', 'count', 'min'], summaryTimeUnit: 'ms' },
    })
    expect(r.stdout).toMatch(/iteration_duration\.+: p\(99\.9\)=\d+\.\d\dms count=2 min=\d+\.\d\dms\n/)
    expect(r.stdout).toMatch(/EXECUTION\n/)
    expect(r.stdout).toMatch(/CUSTOM\n\s+start_offset/)
  })
})
