// One statistic of a Trend, by k6's names; the summary and the thresholds read trends through
// it. An empty trend reports min and max as 0 (k6's zero values), not the histogram's bounds.
import type { TrendSink } from './sinks.ts'

const NAMED = ['avg', 'min', 'max', 'med', 'count'] as const
export type NamedTrendStat = (typeof NAMED)[number]
/** A named statistic or the percentile `p` (0..100). */
export type TrendStat = NamedTrendStat | { readonly p: number }

export function isNamedTrendStat(s: string): s is NamedTrendStat {
  return (NAMED as readonly string[]).includes(s)
}

export function trendStat(sink: TrendSink, stat: TrendStat): number {
  const h = sink.histogram
  if (typeof stat === 'object') return h.percentile(stat.p)
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
}
