// Inline SVG charts for report.html: no script, no network, so the report opens anywhere
// (an air-gapped CI artifact store included) and renders the same in every browser.

export interface Series {
  name: string
  points: readonly (readonly [number, number])[]
  dashed?: boolean
}

const W = 760
const H = 260
const M = { top: 28, right: 16, bottom: 36, left: 64 }
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04']

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** 1, 2, 5 x 10^k tick step giving about `count` ticks. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count)
  const mag = Math.pow(10, Math.floor(Math.log10(raw || 1)))
  const n = raw / mag
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag
}

function fmt(v: number): string {
  if (v === 0) return '0'
  if (Math.abs(v) >= 1000) return `${+(v / 1000).toFixed(1)}k`
  return `${+v.toFixed(Math.abs(v) < 1 ? 3 : Math.abs(v) < 10 ? 2 : 1)}`
}

export function lineChart(opts: { id: string; title: string; series: Series[]; xLabel: string; yLabel: string }): string {
  const all = opts.series.flatMap((s) => s.points)
  if (all.length === 0) return emptyChart(opts.id, opts.title)
  const xMax = Math.max(1, ...all.map((p) => p[0]))
  const xMin = Math.min(0, ...all.map((p) => p[0]))
  const yMax = Math.max(...all.map((p) => p[1])) * 1.08 || 1
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const x = (v: number) => M.left + ((v - xMin) / (xMax - xMin || 1)) * pw
  const y = (v: number) => M.top + ph - (v / yMax) * ph
  const parts: string[] = []
  const yStep = niceStep(yMax, 5)
  for (let v = 0; v <= yMax; v += yStep) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`)
    parts.push(`<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`)
  }
  const xStep = niceStep(xMax - xMin, 8)
  for (let v = Math.ceil(xMin / xStep) * xStep; v <= xMax; v += xStep) {
    parts.push(`<text x="${x(v).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(v)}</text>`)
  }
  opts.series.forEach((s, i) => {
    if (s.points.length === 0) return
    const d = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')
    const color = COLORS[i % COLORS.length]!
    parts.push(`<path class="series" data-series="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`)
    if (s.points.length === 1) parts.push(`<circle cx="${x(s.points[0]![0]).toFixed(1)}" cy="${y(s.points[0]![1]).toFixed(1)}" r="3" fill="${color}"/>`)
  })
  // Four legend entries per row, rows stacked above the plot.
  const rows: string[] = []
  const rowCount = Math.ceil(opts.series.length / 4)
  for (let r = 0; r < rowCount; r++) {
    const items = opts.series.slice(r * 4, r * 4 + 4).map((s, k) => `<tspan fill="${COLORS[(r * 4 + k) % COLORS.length]}">■</tspan> ${escapeXml(s.name)}`)
    rows.push(`<text x="${M.left}" y="${14 - (rowCount - 1 - r) * 14}" class="legend">${items.join('   ')}</text>`)
  }
  return frame(opts.id, opts.title, [
    ...parts,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" class="axis"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" class="axis"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 4}" text-anchor="middle" class="label">${escapeXml(opts.xLabel)}</text>`,
    `<text x="14" y="${M.top + ph / 2}" text-anchor="middle" class="label" transform="rotate(-90 14 ${M.top + ph / 2})">${escapeXml(opts.yLabel)}</text>`,
    ...rows,
  ], Math.max(0, rows.length - 1) * 14)
}

export function barChart(opts: { id: string; title: string; bars: { label: string; value: number }[]; yLabel: string }): string {
  if (opts.bars.length === 0 || opts.bars.every((b) => b.value === 0)) return emptyChart(opts.id, opts.title)
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const yMax = Math.max(...opts.bars.map((b) => b.value)) * 1.08
  const bw = pw / opts.bars.length
  const parts: string[] = []
  const yStep = niceStep(yMax, 5)
  for (let v = 0; v <= yMax; v += yStep) {
    const yy = M.top + ph - (v / yMax) * ph
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" class="grid"/>`)
    parts.push(`<text x="${M.left - 6}" y="${(yy + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`)
  }
  const labelEvery = Math.ceil(opts.bars.length / 10)
  opts.bars.forEach((b, i) => {
    const h = (b.value / yMax) * ph
    const x0 = M.left + i * bw
    parts.push(`<rect class="bar" x="${(x0 + 1).toFixed(1)}" y="${(M.top + ph - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[0]}"><title>${escapeXml(`≤ ${b.label}: ${b.value}`)}</title></rect>`)
    if (i % labelEvery === 0) parts.push(`<text x="${(x0 + bw / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeXml(b.label)}</text>`)
  })
  return frame(opts.id, opts.title, [
    ...parts,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" class="axis"/>`,
    `<text x="14" y="${M.top + ph / 2}" text-anchor="middle" class="label" transform="rotate(-90 14 ${M.top + ph / 2})">${escapeXml(opts.yLabel)}</text>`,
  ])
}

function frame(id: string, title: string, body: string[], extraTop = 0): string {
  // Extra legend rows grow the canvas upwards (negative viewBox origin) instead of overlapping the plot.
  return `<figure class="chart" id="${escapeXml(id)}"><figcaption>${escapeXml(title)}</figcaption><svg viewBox="0 ${-extraTop} ${W} ${H + extraTop}" width="${W}" height="${H + extraTop}" role="img" aria-label="${escapeXml(title)}">${body.join('')}</svg></figure>`
}

function emptyChart(id: string, title: string): string {
  return `<figure class="chart empty" id="${escapeXml(id)}"><figcaption>${escapeXml(title)}</figcaption><p class="muted">no samples</p></figure>`
}
