// The `data` handleSummary() receives, in k6's default ("legacy") shape, and the older shape
// --summary-export writes. Only observed metrics appear: those with samples, plus every
// metric and sub-metric that has thresholds.
import type { Group } from '../run/group-tree.ts'
import type { MetricRegistry } from '../metrics/registry.ts'
import type { Sink } from '../metrics/sinks.ts'
import type { SummaryTimeUnit } from '../options/types.ts'
import type { Thresholds } from '../thresholds/thresholds.ts'
import { metricValues } from './values.ts'

export interface SummaryGroup {
  name: string
  path: string
  id: string
  groups: SummaryGroup[]
  checks: Array<{ name: string; path: string; id: string; passes: number; fails: number }>
}

export interface SummaryMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend'
  contains: 'default' | 'time' | 'data'
  values: Record<string, number>
  thresholds?: Record<string, { ok: boolean }>
}

export interface SummaryData {
  root_group: SummaryGroup
  options: { summaryTrendStats: string[]; summaryTimeUnit: SummaryTimeUnit; noColor: boolean }
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number }
  metrics: Record<string, SummaryMetric>
  setup_data?: unknown
}

export interface SummaryInput {
  readonly registry: MetricRegistry
  readonly thresholds: Thresholds | undefined
  readonly root: Group
  readonly trendStats: readonly string[]
  readonly timeUnit: SummaryTimeUnit
  readonly noColor: boolean
  readonly elapsedMs: number
  readonly setupData: unknown
}

function group(g: Group): SummaryGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: [...g.groups.values()].map(group),
    checks: [...g.checks.values()].map((c) => ({ ...c })),
  }
}

export function buildSummaryData(input: SummaryInput): SummaryData {
  const metrics: Record<string, SummaryMetric> = {}
  const withThresholds = new Map<string, Record<string, { ok: boolean }>>()
  for (const g of input.thresholds?.groups ?? []) {
    const name = g.submetric?.name ?? g.metric.name
    const map = withThresholds.get(name) ?? {}
    for (const t of g.items) map[t.spec.threshold] = { ok: t.ok }
    withThresholds.set(name, map)
  }
  const add = (name: string, sink: Sink, type: SummaryMetric['type'], contains: SummaryMetric['contains']) => {
    const th = withThresholds.get(name)
    if (sink.count === 0 && !th) return
    const m: SummaryMetric = { type, contains, values: metricValues(sink, input.trendStats, input.elapsedMs) }
    if (th) m.thresholds = th
    metrics[name] = m
  }
  for (const m of input.registry.all()) {
    add(m.name, m.sink, m.type, m.contains)
    for (const sm of m.submetrics) {
      if (withThresholds.has(sm.name)) add(sm.name, sm.sink, m.type, m.contains)
    }
  }
  const data: SummaryData = {
    root_group: group(input.root),
    options: { summaryTrendStats: [...input.trendStats], summaryTimeUnit: input.timeUnit, noColor: input.noColor },
    state: {
      isStdOutTTY: Boolean(process.stdout.isTTY),
      isStdErrTTY: Boolean(process.stderr.isTTY),
      testRunDurationMs: input.elapsedMs,
    },
    metrics,
  }
  if (input.setupData !== undefined) data.setup_data = input.setupData
  return data
}

/** --summary-export's older shape: values flattened, rate -> value, thresholds {expr: failed}. */
export function summaryExport(data: SummaryData): Record<string, unknown> {
  const exportGroup = (g: SummaryGroup): Record<string, unknown> => ({
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((c) => [c.name, exportGroup(c)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, c])),
  })
  const metrics: Record<string, unknown> = {}
  for (const [name, m] of Object.entries(data.metrics)) {
    const values: Record<string, unknown> = { ...m.values }
    if (m.type === 'rate') {
      values.value = values.rate
      delete values.rate
    }
    if (m.thresholds) values.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([k, v]) => [k, !v.ok]))
    metrics[name] = values
  }
  return { root_group: exportGroup(data.root_group), metrics }
}
