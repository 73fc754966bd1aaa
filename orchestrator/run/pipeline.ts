// The run's link to the Kafka tail and the MongoDB verifier (orchestrator/tail, orchestrator/verify,
// owned by the verifier work). Loaded on use, so a run with --no-verify needs none of it, and
// converted here to the stats shapes the dashboard and reports read.
import type { Tail, TailOptions, TailResult } from '../tail/types.ts'
import type { ArrivedOptions, VerifyOptions } from '../verify/types.ts'
import type { Arrivals, ArrivalsOptions } from '../verify/arrivals.ts'
import type { VerificationResult } from '../verify/result-schema.ts'
import type { LatencySummary } from '../latency/histogram.ts'
import { decodeFromCompressedBase64 } from 'hdr-histogram-js'
import type { MongoClient } from 'mongodb'
import type { Percentiles } from '../stats/histogram.ts'
import type { PipelineSecond, Stage } from '../stats/pipeline.ts'
import type { VerificationOutcome } from '../reports/model.ts'

interface TailModule {
  startTail(o: TailOptions): Tail
}
interface VerifyModule {
  verifyRun(o: VerifyOptions): Promise<VerificationResult>
  /** Documents of the run in MongoDB (a drain signal; the verifier gives the exact answer). */
  countArrived(o: ArrivedOptions & { client?: MongoClient }): Promise<number>
  /** Events of the run committed in Postgres. */
  countCommitted(o: ArrivedOptions): Promise<number>
  /** Arrivals by `_id` lookups of the committed ids where the pipeline allows it (live view and drain). */
  openArrivals(o: ArrivalsOptions): Promise<Arrivals>
}

// Specifiers in variables: these modules are another area's, loaded only when a run needs them.
const TAIL_MODULE = '../tail/index.ts'
const VERIFY_MODULE = '../verify/index.ts'

export async function loadTail(): Promise<TailModule> {
  return (await import(TAIL_MODULE)) as TailModule
}

export async function loadVerifier(): Promise<VerifyModule> {
  return (await import(VERIFY_MODULE)) as VerifyModule
}

export function toPercentiles(s: LatencySummary | undefined): Percentiles | undefined {
  if (!s || s.count === 0) return undefined
  return { count: s.count, min: s.min, max: s.max, avg: s.mean, p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, p999: s.p999 }
}

/** Which of our stages a verifier/tail stage name is ("postgres->kafka", "kafka->mongo", "end-to-end"...). */
export function stageOf(name: string): Stage | undefined {
  const n = name.toLowerCase()
  if (n.includes('scheduled')) return undefined // measured from the intended start: its own figure
  if (/end.?to.?end|e2e/.test(n)) return 'endToEnd'
  if (/kafka.*mongo/.test(n)) return 'kafkaToMongo'
  if (/(postgres|pg).*kafka/.test(n)) return 'pgToKafka'
  return undefined
}

/** Histogram bars for a chart from a serialized HDR (µs), read at 1% quantile steps. */
export function binsFromHdr(base64: string): { le: number; count: number }[] {
  const h = decodeFromCompressedBase64(base64, 32, false)
  try {
    const total = h.totalCount
    if (total === 0) return []
    const lo = Math.max(1, h.minNonZeroValue)
    const hi = Math.max(lo + 1, h.maxValue)
    const edges: number[] = []
    const n = 20
    for (let i = 1; i <= n; i++) edges.push(lo * Math.pow(hi / lo, i / n))
    const counts = new Array<number>(n).fill(0)
    for (let q = 0.5; q < 100; q += 1) {
      const v = h.getValueAtPercentile(q)
      const k = Math.min(n - 1, edges.findIndex((e) => v <= e) === -1 ? n - 1 : edges.findIndex((e) => v <= e))
      counts[k]! += total / 100
    }
    return edges.map((e, i) => ({ le: e / 1000, count: Math.round(counts[i]!) }))
  } finally {
    h.destroy()
  }
}

export interface PipelineFigures {
  stages: Partial<Record<Stage, Percentiles>>
  history: PipelineSecond[]
  bins: Partial<Record<Stage, { le: number; count: number }[]>>
}

/** Stage figures from the verifier's result (and the tail's, for PG -> Kafka when the verifier has none). */
export function pipelineFigures(loadStart: number, verification: VerificationResult | undefined, tail: TailResult | undefined): PipelineFigures {
  const out: PipelineFigures = { stages: {}, history: [], bins: {} }
  const bySecond = new Map<number, PipelineSecond>()
  const stages = [...(verification?.latency.stages ?? [])]
  if (tail && !stages.some((s) => stageOf(s.name) === 'pgToKafka')) stages.push(tail.pgToKafka)
  for (const s of stages) {
    const stage = stageOf(s.name)
    if (!stage || out.stages[stage]) continue
    const p = toPercentiles(s.overall)
    if (p) out.stages[stage] = p
    if (s.overall.hdr) out.bins[stage] = binsFromHdr(s.overall.hdr)
    for (const iv of s.overTime.intervals) {
      const t = Math.max(0, Math.round((iv.startMs - loadStart) / 1000))
      const row = bySecond.get(t) ?? { t, inKafka: 0, inMongo: 0, stages: {} }
      if (iv.latency.count) row.stages[stage] = { p50: iv.latency.p50, p95: iv.latency.p95, p99: iv.latency.p99, count: iv.latency.count }
      bySecond.set(t, row)
    }
  }
  out.history = [...bySecond.values()].sort((a, b) => a.t - b.t)
  return out
}

/** verification.json's checks -> the report's table rows. */
export function verificationOutcome(v: VerificationResult, file: string): VerificationOutcome {
  return {
    passed: v.pass,
    file,
    checks: v.checks.map((c) => {
      const counts = Object.entries(c.counts).map(([k, n]) => `${k} ${n}`).join(', ')
      const detail = c.skipped ? `skipped: ${c.skipped}` : `${counts}${!c.pass && c.samples[0] ? `; e.g. ${c.samples[0].detail}` : ''}`
      return { name: c.name, passed: c.pass, detail }
    }),
  }
}
