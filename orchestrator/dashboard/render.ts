// The live view as text lines: pure functions of the snapshots, so the TTY redraw and the plain
// CI lines print the same figures and tests can read them.
import { formatDuration } from '../config/duration.ts'
import type { Percentiles } from '../stats/histogram.ts'
import type { LoadSnapshot } from '../stats/load-stats.ts'
import { STAGE_LABEL, STAGES, type PipelineSnapshot } from '../stats/pipeline.ts'

export interface DashboardState {
  scenario: string
  runId: string
  engine: string
  workers: number
  phase: string
  /** Planned load duration, when the scenario has one. */
  plannedMs?: number
  load: LoadSnapshot
  pipeline: PipelineSnapshot
}

export function ms(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-'
  if (v < 1) return `${(v * 1000).toFixed(0)}µs`
  if (v < 100) return `${v.toFixed(1)}ms`
  if (v < 10_000) return `${v.toFixed(0)}ms`
  return `${(v / 1000).toFixed(1)}s`
}

/** A percentile, or undefined ("-") while the histogram is empty: its 0 would read as a measured 0µs. */
function q(p: Percentiles | undefined, key: 'p50' | 'p95' | 'p99'): number | undefined {
  return p && p.count > 0 ? p[key] : undefined
}

export function rate(v: number | undefined): string {
  return v === undefined ? '-' : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}/s`
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`

export function backlog(s: DashboardState): { total: number; toKafka: number; toMongo: number } {
  const toKafka = Math.max(0, s.load.written - s.pipeline.inKafka)
  const toMongo = Math.max(0, s.pipeline.inKafka - s.pipeline.inMongo)
  return { total: Math.max(0, s.load.written - s.pipeline.inMongo), toKafka, toMongo }
}

/** True while the live MongoDB count is a lower bound: some ids due for a look were not looked up. */
export function mongoIsLowerBound(s: DashboardState): boolean {
  return (s.pipeline.mongoCoverage?.unchecked ?? 0) > 0
}

/**
 * "in Mongo N", or while ids due for a look were not looked up yet "in Mongo ≥ N (≈E est., K not
 * looked up yet)", so a lagging live count never passes for the truth; with the live view's
 * lookups/s (its load on the store) when it counts by lookups.
 */
export function inMongoText(s: DashboardState): string {
  const c = s.pipeline.mongoCoverage
  const cost = c?.lookupsPerSec !== undefined ? `${c.lookupsPerSec.toFixed(0)} lookups/s` : undefined
  if (!c || c.unchecked === 0) return `in Mongo ${s.pipeline.inMongo}${cost ? ` (${cost})` : ''}`
  const est = c.estimate !== undefined ? `≈${c.estimate} est., ` : ''
  return `in Mongo ≥ ${s.pipeline.inMongo} (${est}${c.unchecked} not looked up yet${cost ? `; ${cost}` : ''})`
}

/** The backlog as "N", or "≤ N" and "≈M est." while the MongoDB count is a lower bound. */
function backlogParts(s: DashboardState): { value: string; estimate?: string } {
  const total = backlog(s).total
  if (!mongoIsLowerBound(s)) return { value: String(total) }
  const est = s.pipeline.mongoCoverage?.estimate
  return { value: `≤ ${total}`, ...(est !== undefined ? { estimate: `≈${Math.max(0, s.load.written - est)} est.` } : {}) }
}

/** "backlog N", or "backlog ≤ N (≈M est.)" while the MongoDB count is a lower bound. */
export function backlogText(s: DashboardState): string {
  const b = backlogParts(s)
  return `backlog ${b.value}${b.estimate ? ` (${b.estimate})` : ''}`
}

export function dashboardLines(s: DashboardState, width = 120): string[] {
  const l = s.load
  const remaining = s.plannedMs !== undefined ? Math.max(0, s.plannedMs - l.elapsedMs) : undefined
  const b = backlog(s)
  const bp = backlogParts(s)
  const stage = STAGES.map((k) => {
    const p = s.pipeline.stages[k]
    return `${STAGE_LABEL[k]} p50 ${ms(q(p, 'p50'))} p99 ${ms(q(p, 'p99'))}`
  }).join('   ')
  const types = l.perType.slice(0, 6).map((t) => `${t.type} ${t.count} (${(t.share * 100).toFixed(1)}%)`).join('  ')
  const lines = [
    `eventload ${s.scenario}  ${s.runId}  engine ${s.engine}${s.workers > 1 ? ` ×${s.workers}` : ''}  phase ${s.phase}  ${formatDuration(l.elapsedMs)} elapsed${remaining !== undefined ? `, ${formatDuration(remaining)} left` : ''}`,
    `throughput  target ${rate(l.targetRate)}  current ${rate(l.currentRate)}  avg ${rate(l.avgRate)}  peak ${rate(l.peakRate)}  written ${l.written}  errors ${pct(l.errorRate)} (${l.writeErrors}/${l.writes})${l.droppedIterations ? `  dropped ${l.droppedIterations}` : ''}`,
    `insert      p50 ${ms(q(l.insert, 'p50'))}  p95 ${ms(q(l.insert, 'p95'))}  p99 ${ms(q(l.insert, 'p99'))}`,
    `latency     ${stage}`,
    `backlog     ${bp.value} (${bp.estimate ? `${bp.estimate}; ` : ''}awaiting Kafka ${b.toKafka}, awaiting Mongo ${mongoIsLowerBound(s) ? '≤ ' : ''}${b.toMongo})`,
    `arrived     in Kafka ${s.pipeline.inKafka}  ${inMongoText(s)}`,
    `types       ${types || '-'}`,
  ]
  for (const e of s.pipeline.recent.slice(-3)) {
    lines.push(`  last      ${new Date(e.at).toISOString().slice(11, 23)} ${e.where.padEnd(5)} ${e.type} ${e.id.slice(0, 8)}${e.latencyMs !== undefined ? ` ${ms(e.latencyMs)}` : ''}`)
  }
  return lines.map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line))
}

/** One line for non-TTY output (CI logs), printed every few seconds. */
export function progressLine(s: DashboardState): string {
  const l = s.load
  const e2e = s.pipeline.stages.endToEnd
  return `[${formatDuration(l.elapsedMs)}] ${s.phase}: written ${l.written} (${rate(l.currentRate)} now, ${rate(l.avgRate)} avg${l.targetRate !== undefined ? `, target ${rate(l.targetRate)}` : ''}), errors ${pct(l.errorRate)}, insert p95 ${ms(q(l.insert, 'p95'))}, in Kafka ${s.pipeline.inKafka}, ${inMongoText(s)}, ${backlogText(s)}, e2e p99 ${ms(q(e2e, 'p99'))}`
}
