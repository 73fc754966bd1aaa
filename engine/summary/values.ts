// A metric's summary values in k6's shapes: counter {count, rate}, gauge {value, min, max},
// rate {rate, passes, fails}, trend {one key per summaryTrendStats entry}.
import type { CounterSink, GaugeSink, RateSink, Sink, TrendSink } from '../metrics/sinks.ts'
import { isNamedTrendStat, trendStat } from '../metrics/trend-stat.ts'

/** A summaryTrendStats entry: avg, min, max, med, count or p(N). */
function summaryTrendStat(sink: TrendSink, stat: string): number {
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat)
  if (m) return trendStat(sink, { p: Number(m[1]) })
  if (isNamedTrendStat(stat)) return trendStat(sink, stat)
  throw new Error(`unknown trend stat ${stat}`)
}

export function metricValues(sink: Sink, trendStats: readonly string[], elapsedMs: number): Record<string, number> {
  switch (sink.type) {
    case 'counter': {
      const c = sink as CounterSink
      return { count: c.sum, rate: elapsedMs > 0 ? c.sum / (elapsedMs / 1000) : 0 }
    }
    case 'gauge': {
      const g = sink as GaugeSink
      return { value: g.value, min: g.count ? g.min : 0, max: g.count ? g.max : 0 }
    }
    case 'rate': {
      const r = sink as RateSink
      return { rate: r.rate ?? 0, passes: r.passes, fails: r.total - r.passes }
    }
    case 'trend': {
      const out: Record<string, number> = {}
      for (const s of trendStats) out[s] = summaryTrendStat(sink as TrendSink, s)
      return out
    }
  }
}
