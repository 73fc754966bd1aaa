// The end-of-test summary as k6 prints it (compact mode): a THRESHOLDS block, then TOTAL
// RESULTS with the derived check lines, each check, and the metrics grouped in upper-case
// sections by name prefix, names dot-padded so the colons align.
import pc from 'picocolors'
import type { SummaryData, SummaryGroup, SummaryMetric } from './data.ts'
import { formatNumber, formatPercent, formatValue } from './format.ts'

export interface TextSummaryOptions {
  readonly indent?: string
  readonly enableColors?: boolean
  /** Aggregates behind each threshold verdict, by metric selector then expression. */
  readonly thresholdValues?: ReadonlyMap<string, ReadonlyMap<string, number | undefined>>
}

const HIDDEN = new Set(['checks', 'group_duration'])
const COMPACT_HIDDEN = new Set([
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_waiting',
  'http_req_receiving',
])
const SECTIONS = ['CUSTOM', 'HTTP', 'EXECUTION', 'NETWORK', 'BROWSER', 'WEB_VITALS', 'GRPC', 'WEBSOCKET'] as const

function section(name: string): (typeof SECTIONS)[number] {
  if (name.startsWith('http_req')) return 'HTTP'
  if (name.startsWith('iteration') || name.startsWith('vus') || name === 'dropped_iterations') return 'EXECUTION'
  if (name === 'data_sent' || name === 'data_received') return 'NETWORK'
  if (name.startsWith('browser_web_vital')) return 'WEB_VITALS'
  if (name.startsWith('browser_')) return 'BROWSER'
  if (name.startsWith('grpc_')) return 'GRPC'
  if (name.startsWith('ws_')) return 'WEBSOCKET'
  return 'CUSTOM'
}

function splitName(name: string): { parent: string; suffix?: string } {
  const i = name.indexOf('{')
  return i === -1 ? { parent: name } : { parent: name.slice(0, i), suffix: name.slice(i + 1, -1) }
}

function allChecks(g: SummaryGroup): SummaryGroup['checks'] {
  return [...g.checks, ...g.groups.flatMap(allChecks)]
}

export function textSummary(data: SummaryData, opts: TextSummaryOptions = {}): string {
  const c = pc.createColors(opts.enableColors ?? false)
  const base = opts.indent ?? ''
  const i1 = base + '  '
  const i2 = base + '    '
  const unit = data.options.summaryTimeUnit
  const lines: string[] = []
  const rows: Array<{ label: string; value: string } | { raw: string }> = []
  const elapsedS = data.state.testRunDurationMs / 1000

  const fmt = (name: string, m: SummaryMetric): string => {
    const v = m.values
    switch (m.type) {
      case 'counter': {
        const rate = v.rate ?? 0
        return `${formatValue(v.count ?? 0, m.contains, unit)} ${m.contains === 'data' ? `${formatValue(rate, 'data', unit)}/s` : `${formatNumber(rate)}/s`}`
      }
      case 'gauge':
        return `${formatValue(v.value ?? 0, m.contains, unit)} min=${formatValue(v.min ?? 0, m.contains, unit)} max=${formatValue(v.max ?? 0, m.contains, unit)}`
      case 'rate': {
        const passes = v.passes ?? 0
        const total = passes + (v.fails ?? 0)
        return `${formatPercent(v.rate ?? 0)} ${passes} out of ${total}`
      }
      case 'trend':
        return data.options.summaryTrendStats
          .filter((s) => s in v)
          .map((s) => `${s}=${s === 'count' ? formatNumber(v[s]!) : formatValue(v[s]!, m.contains, unit)}`)
          .join(' ')
    }
    return name
  }

  // THRESHOLDS
  const withThresholds = Object.entries(data.metrics).filter(([, m]) => m.thresholds)
  if (withThresholds.length > 0) {
    lines.push('', `${i1}█ THRESHOLDS `, '')
    for (const [name, m] of withThresholds.sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`${i2}${name}`)
      for (const [expr, t] of Object.entries(m.thresholds!)) {
        const agg = expr.split(/<=|<|>=|>|===|==|!=/)[0]!.trim()
        const actual = opts.thresholdValues?.get(name)?.get(expr) ?? lookupAggregate(m, agg, elapsedS)
        const shown = actual === undefined ? '' : ` ${agg}=${renderAggregate(agg, actual, m, unit)}`
        lines.push(`${i2}${t.ok ? c.green('✓') : c.red('✗')} '${expr}'${shown}`)
      }
      lines.push('')
    }
    lines.push('')
  } else {
    lines.push('')
  }

  // TOTAL RESULTS
  lines.push(`${i1}█ TOTAL RESULTS `, '')
  const checks = allChecks(data.root_group)
  const checksMetric = data.metrics.checks
  if (checksMetric && checks.length > 0) {
    const passes = checksMetric.values.passes ?? 0
    const fails = checksMetric.values.fails ?? 0
    const total = passes + fails
    rows.push({ label: 'checks_total', value: `${total} ${formatNumber(elapsedS > 0 ? total / elapsedS : 0)}/s` })
    rows.push({ label: 'checks_succeeded', value: `${formatPercent(total ? passes / total : 0)} ${passes} out of ${total}` })
    rows.push({ label: 'checks_failed', value: `${formatPercent(total ? fails / total : 0)} ${fails} out of ${total}` })
    rows.push({ raw: '' })
    for (const ch of checks) {
      if (ch.fails === 0) rows.push({ raw: `${i2}${c.green('✓')} ${ch.name}` })
      else {
        const t = ch.passes + ch.fails
        rows.push({ raw: `${i2}${c.red('✗')} ${ch.name}` })
        rows.push({ raw: `${i2}  ${c.dim('↳')}  ${Math.floor((100 * ch.passes) / t)}% — ✓ ${ch.passes} / ✗ ${ch.fails}` })
      }
    }
    rows.push({ raw: '' })
  }
  const bySection = new Map<string, Array<[string, SummaryMetric]>>()
  for (const [name, m] of Object.entries(data.metrics)) {
    const { parent } = splitName(name)
    if (HIDDEN.has(parent) || COMPACT_HIDDEN.has(parent)) continue
    const s = section(parent)
    bySection.set(s, [...(bySection.get(s) ?? []), [name, m]])
  }
  for (const s of SECTIONS) {
    const list = bySection.get(s)
    if (!list) continue
    rows.push({ raw: `${i2}${s}` })
    // Parents sorted by name, each followed by its sub-metrics.
    list.sort(([a], [b]) => {
      const pa = splitName(a)
      const pb = splitName(b)
      return pa.parent === pb.parent ? (pa.suffix === undefined ? -1 : pb.suffix === undefined ? 1 : a.localeCompare(b)) : pa.parent.localeCompare(pb.parent)
    })
    for (const [name, m] of list) {
      const { suffix } = splitName(name)
      rows.push({ label: suffix === undefined ? name : `  { ${suffix} }`, value: fmt(name, m) })
    }
    rows.push({ raw: '' })
  }
  const width = Math.max(0, ...rows.map((r) => ('label' in r ? r.label.length : 0))) + 3
  for (const r of rows) {
    if ('raw' in r) lines.push(r.raw)
    else lines.push(`${i2}${r.label}${c.dim('.'.repeat(Math.max(3, width - r.label.length)))}: ${r.value}`)
  }
  lines.push('')
  return lines.join('\n')
}

function lookupAggregate(m: SummaryMetric, agg: string, elapsedS: number): number | undefined {
  const v = m.values
  if (agg === 'rate' && m.type === 'counter') return elapsedS > 0 ? (v.count ?? 0) / elapsedS : undefined
  return v[agg]
}

function renderAggregate(agg: string, v: number, m: SummaryMetric, unit: SummaryData['options']['summaryTimeUnit']): string {
  if (m.type === 'rate') return formatPercent(v)
  if (m.type === 'counter') return agg === 'rate' ? `${formatNumber(v)}/s` : formatValue(v, m.contains, unit)
  return formatValue(v, m.contains, unit)
}
