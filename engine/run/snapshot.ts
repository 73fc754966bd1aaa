// Serializable metric state: what a worker process hands to the orchestrator, and an exact
// merge of several (counters add, rates add, gauges keep the latest, HDR trends add bucket by
// bucket), so N segmented processes report like one.
import type { MetricType, Tags } from '../host.ts'
import type { MetricRegistry } from '../metrics/registry.ts'
import type { ValueKind } from '../metrics/metric.ts'
import { newSink, type Sink, type SinkSnapshot } from '../metrics/sinks.ts'
import { metricValues } from '../summary/values.ts'

export interface MetricSnapshot {
  /** `name` or `name{suffix}` for a sub-metric. */
  readonly name: string
  readonly type: MetricType
  readonly contains: ValueKind
  readonly submetric?: { readonly parent: string; readonly suffix: string; readonly tags: Tags }
  readonly sink: SinkSnapshot
}

export interface MetricsSnapshot {
  /** Test run duration so far (ms), used for counter rates. */
  readonly elapsedMs: number
  readonly metrics: readonly MetricSnapshot[]
}

export function snapshotMetrics(registry: MetricRegistry, elapsedMs: number, includeEmpty = false): MetricsSnapshot {
  const metrics: MetricSnapshot[] = []
  for (const m of registry.all()) {
    if (includeEmpty || m.sink.count > 0) metrics.push({ name: m.name, type: m.type, contains: m.contains, sink: m.sink.snapshot() })
    for (const sm of m.submetrics) {
      metrics.push({
        name: sm.name,
        type: m.type,
        contains: m.contains,
        submetric: { parent: m.name, suffix: sm.suffix, tags: sm.tags },
        sink: sm.sink.snapshot(),
      })
    }
  }
  return { elapsedMs, metrics }
}

/** Merges snapshots of several processes exactly. */
export function mergeSnapshots(parts: readonly MetricsSnapshot[]): MetricsSnapshot {
  const byName = new Map<string, { meta: MetricSnapshot; sink: Sink }>()
  for (const part of parts) {
    for (const m of part.metrics) {
      let e = byName.get(m.name)
      if (!e) {
        e = { meta: m, sink: newSink(m.type) }
        byName.set(m.name, e)
      }
      if (e.meta.type !== m.type) throw new Error(`cannot merge metric ${m.name}: ${e.meta.type} vs ${m.type}`)
      e.sink.merge(m.sink)
    }
  }
  return {
    elapsedMs: Math.max(0, ...parts.map((p) => p.elapsedMs)),
    metrics: [...byName.values()].map(({ meta, sink }) => ({ ...meta, sink: sink.snapshot() })),
  }
}

/** Summary values (k6 shapes) of a snapshot, e.g. after a merge. */
export function snapshotValues(s: MetricsSnapshot, trendStats: readonly string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {}
  for (const m of s.metrics) {
    const sink = newSink(m.type)
    sink.merge(m.sink)
    out[m.name] = metricValues(sink, trendStats, s.elapsedMs)
  }
  return out
}
