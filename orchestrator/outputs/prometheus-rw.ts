// `--out experimental-prometheus-rw` for the node engine, with k6's series names so Grafana's
// k6 dashboards work unchanged (k6-semantics.md §6.3): Counter -> k6_<name>_total (running
// total), Gauge -> k6_<name>, Rate -> k6_<name>_rate, Trend -> k6_<name>_<stat> per
// K6_PROMETHEUS_RW_TREND_STATS (default p(99); time trends in seconds). Labels are the sample's
// non-empty tags; aggregates are cumulative since the start, and each push sends the series
// that got samples since the last one. The k6/docker engines pass the flag to k6 itself.
// Sources added with addSource (the pipeline's eventload_pipeline_* gauges, pipeline-series.ts)
// are read at every push, whichever engine runs the load.
import type { EngineSample, MetricKind } from '../engines/engine.ts'
import { LatencyHistogram } from '../stats/histogram.ts'
import { postWriteRequest, type RemoteWriteSeries } from '../../stack/prometheus/remote-write.ts'

export interface RemoteWriteOptions {
  url: string
  pushIntervalMs: number
  trendStats: string[]
  onError?: (message: string) => void
}

interface Series {
  name: string
  kind: MetricKind
  time: boolean
  labels: Record<string, string>
  sum: number
  passes: number
  total: number
  last: number
  hist?: LatencyHistogram
  updated: number
  dirty: boolean
}

/** k6's names for a trend stat: p(99) -> p99, p(99.9) -> p999, med, avg, min, max, count, sum. */
export function statSuffix(stat: string): string {
  const p = /^p\(([\d.]+)\)$/.exec(stat)
  return p ? `p${p[1]!.replace('.', '')}` : stat
}

export function remoteWriteOptions(env: NodeJS.ProcessEnv, defaultUrl: string): Omit<RemoteWriteOptions, 'onError'> {
  const interval = /^(\d+)(ms|s|m)?$/.exec(env.K6_PROMETHEUS_RW_PUSH_INTERVAL ?? '5s')
  const unit = { ms: 1, s: 1000, m: 60_000 }[(interval?.[2] ?? 's') as 'ms' | 's' | 'm']
  return {
    url: env.K6_PROMETHEUS_RW_SERVER_URL || `${defaultUrl.replace(/\/+$/, '')}/api/v1/write`,
    pushIntervalMs: interval ? Number(interval[1]) * unit : 5000,
    trendStats: (env.K6_PROMETHEUS_RW_TREND_STATS || 'p(99)').split(',').map((s) => s.trim()).filter(Boolean),
  }
}

export class PrometheusRemoteWrite {
  #series = new Map<string, Series>()
  #timer: NodeJS.Timeout | undefined
  #pushing: Promise<void> = Promise.resolve()
  #sources: (() => RemoteWriteSeries[])[] = []
  pushes = 0
  failures = 0

  constructor(private readonly o: RemoteWriteOptions) {}

  /** Series that are not engine samples (the pipeline's gauges), read at every push. */
  addSource(source: () => RemoteWriteSeries[]): void {
    this.#sources.push(source)
  }

  add(batch: readonly EngineSample[]): void {
    for (const s of batch) {
      const labels: Record<string, string> = {}
      for (const [k, v] of Object.entries(s.tags)) if (v !== '') labels[k] = v
      const key = `${s.metric}\u0000${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join('\u0000')}`
      let e = this.#series.get(key)
      if (!e) {
        e = { name: s.metric, kind: s.type, time: s.contains === 'time', labels, sum: 0, passes: 0, total: 0, last: 0, updated: 0, dirty: false, ...(s.type === 'trend' ? { hist: new LatencyHistogram() } : {}) }
        this.#series.set(key, e)
      }
      e.sum += s.value
      e.total++
      if (s.value !== 0) e.passes++
      e.last = s.value
      e.hist?.record(s.value)
      e.updated = Math.max(e.updated, Math.floor(s.time))
      e.dirty = true
    }
  }

  /** The series to send now (those updated since the last push), with k6's names. */
  collect(): RemoteWriteSeries[] {
    const out: RemoteWriteSeries[] = []
    for (const e of this.#series.values()) {
      if (!e.dirty) continue
      e.dirty = false
      const one = (name: string, value: number) => out.push({ labels: { ...e.labels, __name__: name }, samples: [{ value, timestampMs: e.updated }] })
      switch (e.kind) {
        case 'counter':
          one(`k6_${e.name}_total`, e.sum)
          break
        case 'gauge':
          one(`k6_${e.name}`, e.last)
          break
        case 'rate':
          one(`k6_${e.name}_rate`, e.total ? e.passes / e.total : 0)
          break
        case 'trend': {
          const scale = e.time ? 1 / 1000 : 1 // ms -> s for time trends, as k6 does
          const h = e.hist!
          const sum = h.summary()
          for (const stat of this.o.trendStats) {
            const p = /^p\(([\d.]+)\)$/.exec(stat)
            const v = p ? h.percentile(Number(p[1])) * scale : stat === 'count' ? sum.count : stat === 'sum' ? h.sum * scale : stat === 'med' ? sum.p50 * scale : stat === 'avg' ? sum.avg * scale : stat === 'min' ? sum.min * scale : stat === 'max' ? sum.max * scale : undefined
            if (v !== undefined) one(`k6_${e.name}_${statSuffix(stat)}`, v)
          }
        }
      }
    }
    return out
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#pushing = this.#pushing.then(() => this.push())
    }, this.o.pushIntervalMs)
    this.#timer.unref()
  }

  async push(): Promise<void> {
    const series = [...this.collect(), ...this.#sources.flatMap((source) => source())]
    if (series.length === 0) return
    this.pushes++
    try {
      await postWriteRequest(this.o.url, series)
    } catch (err) {
      this.failures++
      // Every failure counts; the log keeps to the first few.
      if (this.failures <= 3) this.o.onError?.(`prometheus remote write to ${this.o.url} failed: ${(err as Error).message}`)
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.#pushing
    await this.push()
  }
}
