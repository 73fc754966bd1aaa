// k6's --summary-export file -> the handleSummary(data) shape our reports use. The export keeps
// an old layout: stats flat on the metric, and threshold booleans that are true when the
// threshold FAILED (grafana/k6#1498, k6-docs#30), so they are inverted here.
import type { K6MetricDecl } from './k6-json.ts'
import type { SummaryData, SummaryMetric } from './engine.ts'

interface ExportMetric {
  thresholds?: Record<string, boolean>
  [stat: string]: unknown
}

export function fromSummaryExport(raw: unknown, decls: ReadonlyMap<string, K6MetricDecl>): SummaryData {
  const obj = (raw ?? {}) as { metrics?: Record<string, ExportMetric>; root_group?: unknown; options?: Record<string, unknown>; state?: SummaryData['state'] }
  const metrics: Record<string, SummaryMetric> = {}
  for (const [name, m] of Object.entries(obj.metrics ?? {})) {
    const base = name.replace(/\{.*$/, '')
    const decl = decls.get(base)
    const values: Record<string, number> = {}
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number') values[k] = v
    const type = decl?.type ?? guessType(values)
    // The export names a Rate's share "value"; handleSummary calls it "rate".
    if (type === 'rate' && values.value !== undefined && values.rate === undefined) {
      values.rate = values.value
      delete values.value
    }
    const metric: SummaryMetric = { type, contains: decl?.contains ?? 'default', values }
    if (m.thresholds) metric.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([expr, failed]) => [expr, { ok: !failed }]))
    metrics[name] = metric
  }
  return {
    metrics,
    ...(obj.root_group !== undefined ? { root_group: obj.root_group } : {}),
    ...(obj.options ? { options: obj.options } : {}),
    ...(obj.state ? { state: obj.state } : {}),
  }
}

function guessType(values: Record<string, number>): SummaryMetric['type'] {
  if ('passes' in values) return 'rate'
  if ('count' in values && 'rate' in values) return 'counter'
  if ('avg' in values || 'med' in values) return 'trend'
  return 'gauge'
}
