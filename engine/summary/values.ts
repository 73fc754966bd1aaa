// A metric's summary values in k6's shapes: counter {count, rate}, gauge {value, min, max},
// rate {rate, passes, fails}, trend {one key per summaryTrendStats entry}.
import type { CounterSink, GaugeSink, RateSink, Sink, TrendSink } from '../metrics/sinks.ts'

export function trendStat(sink: TrendSink, stat: string): number {
  const h = sink.histogram
  switch (stat) {
    case 'avg':
      return h.avg
    case 'min':
      return h.count === 0 ? 0 : h.min
    case 'max':
      return h.count === 0 ? 0 : h.max
    case 'med':
      return h.percentile(50)
    case 'count':
      return h.count
  }
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat)
  if (m) return h.percentile(Number(m[1]))
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
      for (const s of trendStats) out[s] = trendStat(sink as TrendSink, s)
      return out
    }
  }
}
