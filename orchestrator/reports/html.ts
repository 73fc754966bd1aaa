// report.html: one self-contained file (inline CSS and SVG, no script, no network): throughput
// over time, per-stage latency percentiles over time, latency histograms, the per-type table,
// the verification table, the phases and the run manifest (config with secrets redacted).
import { ms, rate } from '../dashboard/render.ts'
import { STAGE_LABEL, STAGES } from '../stats/pipeline.ts'
import { thresholdCases } from './junit.ts'
import type { RunReport } from './model.ts'
import { barChart, escapeXml as e, lineChart, type Series } from './svg.ts'

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#111827;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.muted{color:#6b7280}.status{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.passed{background:#16a34a}.failed{background:#dc2626}.aborted{background:#d97706}.handed-off{background:#2563eb}
table{border-collapse:collapse;margin:6px 0;font-size:13px}td,th{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}th{background:#f9fafb}
td.num{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#16a34a;font-weight:600;white-space:nowrap}.bad{color:#dc2626;font-weight:600;white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #e5e7eb;border-radius:8px;padding:8px 12px;min-width:150px}
.card b{display:block;font-size:18px}figure.chart{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:11px;fill:#374151}svg .grid{stroke:#f3f4f6}svg .axis{stroke:#9ca3af}svg .label{font-size:12px;fill:#111827}svg .legend{font-size:12px}
pre{background:#f9fafb;border:1px solid #e5e7eb;padding:8px;overflow:auto;font-size:12px}`

function card(label: string, value: string): string {
  return `<div class="card"><span class="muted">${e(label)}</span><b>${e(value)}</b></div>`
}

function mark(ok: boolean): string {
  return ok ? '<span class="ok">✓ pass</span>' : '<span class="bad">✗ fail</span>'
}

function latencyTable(r: RunReport): string {
  const rows = [['insert (harness)', r.load.insert] as const, ...STAGES.map((s) => [STAGE_LABEL[s], r.pipeline.stages[s]] as const)]
  return `<table><tr><th>stage</th><th>count</th><th>min</th><th>avg</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr>${rows
    .map(([name, p]) => `<tr><td>${e(name)}</td>${p ? [p.count.toString(), ms(p.min), ms(p.avg), ms(p.p50), ms(p.p90), ms(p.p95), ms(p.p99), ms(p.p999), ms(p.max)].map((v) => `<td class="num">${e(v)}</td>`).join('') : '<td colspan="9" class="muted">no samples</td>'}</tr>`)
    .join('')}</table>`
}

function cumulative(points: (readonly [number, number])[]): [number, number][] {
  let sum = 0
  return points.map(([t, v]) => [t, (sum += v)])
}

function charts(r: RunReport): string {
  const thr: Series[] = [{ name: 'written events/s', points: r.loadHistory.map((s) => [s.t, s.written] as const) }]
  const targets = r.loadHistory.filter((s) => s.target !== undefined).map((s) => [s.t, s.target!] as const)
  if (targets.length) thr.push({ name: 'target', points: targets, dashed: true })
  else if (r.load.targetRate !== undefined && r.loadHistory.length) {
    thr.push({ name: 'target', points: [[0, r.load.targetRate], [r.loadHistory.at(-1)!.t, r.load.targetRate]], dashed: true })
  }
  const pipeRate: Series[] = r.arrivals.length
    ? [
        { name: 'written (cumulative)', points: cumulative(r.loadHistory.map((s) => [s.t, s.written] as const)) },
        { name: 'in Kafka', points: r.arrivals.map((s) => [s.t, s.inKafka] as const) },
        { name: 'in MongoDB', points: r.arrivals.map((s) => [s.t, s.inMongo] as const) },
      ]
    : []
  const lat: Series[] = [
    { name: 'insert p50', points: r.loadHistory.filter((s) => s.insert.count).map((s) => [s.t, s.insert.p50] as const) },
    { name: 'insert p99', points: r.loadHistory.filter((s) => s.insert.count).map((s) => [s.t, s.insert.p99] as const), dashed: true },
  ]
  for (const st of STAGES) {
    const pts = r.pipelineHistory.filter((s) => s.stages[st]?.count)
    if (!pts.length) continue
    lat.push({ name: `${STAGE_LABEL[st]} p50`, points: pts.map((s) => [s.t, s.stages[st]!.p50] as const) })
    lat.push({ name: `${STAGE_LABEL[st]} p99`, points: pts.map((s) => [s.t, s.stages[st]!.p99] as const), dashed: true })
  }
  const hist = (id: string, title: string, bins: { le: number; count: number }[] | undefined) =>
    barChart({ id, title, bars: (bins ?? []).map((b) => ({ label: ms(b.le), value: b.count })), yLabel: 'events' })
  return [
    lineChart({ id: 'chart-throughput', title: 'Throughput over time', series: thr, xLabel: 'seconds since load start', yLabel: 'events/s' }),
    pipeRate.length ? lineChart({ id: 'chart-arrivals', title: 'Events of the run written and arrived downstream (backlog = the gap)', series: pipeRate, xLabel: 'seconds since load start', yLabel: 'events' }) : '',
    lineChart({ id: 'chart-latency', title: 'Latency percentiles over time (per second)', series: lat, xLabel: 'seconds since load start', yLabel: 'ms' }),
    hist('chart-hist-insert', 'Insert latency histogram', r.insertBins),
    ...STAGES.map((st) => hist(`chart-hist-${st}`, `${STAGE_LABEL[st]} latency histogram`, r.stageBins[st])),
  ].join('\n')
}

function verificationTable(r: RunReport): string {
  const rows: string[] = []
  if (r.drain) rows.push(`<tr><td>drain</td><td>${mark(r.drain.drained)}</td><td class="num">${r.drain.remaining}</td><td>${e(r.drain.reason)}</td></tr>`)
  for (const c of r.verification?.checks ?? []) rows.push(`<tr><td>${e(c.name)}</td><td>${mark(c.passed)}</td><td class="num">${c.count ?? ''}</td><td>${e(c.detail ?? '')}</td></tr>`)
  if (!r.verification) rows.push(`<tr><td>verification</td><td class="muted">not run</td><td></td><td>${e(r.phases.find((p) => p.name === 'verify')?.detail ?? '')}</td></tr>`)
  return `<table id="verification"><tr><th>check</th><th>result</th><th>count</th><th>detail</th></tr>${rows.join('')}</table>`
}

export function reportHtml(r: RunReport): string {
  const l = r.load
  const thresholds = thresholdCases(r)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>eventload ${e(r.scenario)} ${e(r.runId)}</title><style>${CSS}</style></head><body>
<h1>eventload · ${e(r.scenario)} <span class="status ${r.status}">${e(r.status)}</span></h1>
<div class="muted">run ${e(r.runId)} · engine ${e(r.engine)}${r.workers > 1 ? ` ×${r.workers}` : ''} · ${e(r.startedAt)} → ${e(r.finishedAt)} · exit ${r.exitCode} (${e(r.exitMeaning)})${r.interrupted ? ' · interrupted' : ''}</div>
<h2>Summary</h2><div class="cards">
${card('events written', String(l.written))}${card('target rate', rate(l.targetRate))}${card('avg rate', rate(l.avgRate))}${card('peak rate', rate(l.peakRate))}
${card('write errors', `${(l.errorRate * 100).toFixed(2)}%`)}${card('in MongoDB', String(r.pipeline.inMongo))}${card('end-to-end p99', ms(r.pipeline.stages.endToEnd?.p99))}${card('insert p95', ms(l.insert.p95))}
</div>
<h2>Charts</h2>
${charts(r)}
<h2>Latency by stage</h2>${latencyTable(r)}
<h2>Event types</h2><table id="types"><tr><th>type</th><th>count</th><th>share</th></tr>${l.perType.map((t) => `<tr><td>${e(t.type)}</td><td class="num">${t.count}</td><td class="num">${(t.share * 100).toFixed(2)}%</td></tr>`).join('')}</table>
<h2>Thresholds</h2><table id="thresholds"><tr><th>threshold</th><th>result</th><th>actual</th></tr>${thresholds.map((t) => `<tr><td>${e(t.name)}</td><td>${mark(!t.failure)}</td><td>${e(t.detail ?? '')}</td></tr>`).join('') || '<tr><td colspan="3" class="muted">none</td></tr>'}</table>
<h2>Verification</h2>${verificationTable(r)}
<h2>Phases</h2><table id="phases"><tr><th>phase</th><th>status</th><th>time</th><th>detail</th></tr>${r.phases.map((p) => `<tr><td>${p.name}</td><td>${e(p.status)}</td><td class="num">${ms(p.ms)}</td><td>${e(p.detail ?? '')}</td></tr>`).join('')}</table>
<h2>Run manifest</h2>
<table id="manifest"><tr><th>seed</th><td>${e(r.manifest.seed)}</td></tr>${r.manifest.commit ? `<tr><th>commit</th><td>${e(r.manifest.commit)}</td></tr>` : ''}
${Object.entries(r.manifest.versions).map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('')}
<tr><th>host</th><td>${e(`${r.manifest.host.platform}/${r.manifest.host.arch}, ${r.manifest.host.cpus} CPUs, ${r.manifest.host.memoryGiB} GiB, Node ${r.manifest.host.node}`)}</td></tr></table>
<h3>Connections</h3><pre>${e(r.manifest.connections.join('\n'))}</pre>
<h3>Config</h3><pre>${e(JSON.stringify(r.manifest.config, null, 2))}</pre>
${r.engineResult.errorTail?.length ? `<h3>Engine errors</h3><pre>${e(r.engineResult.errorTail.join('\n'))}</pre>` : ''}
</body></html>
`
}
