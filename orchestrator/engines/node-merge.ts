// Merges the results of N segmented node-engine processes into one, exactly: metric sinks are
// merged (HDR trend buckets add), summary values and thresholds are recomputed from the merged
// sinks, so p(99) of the whole run is the p(99) of all samples, never an average of p(99)s.
import { mergeSnapshots, snapshotValues, textSummary, type RunResult } from '../../engine/index.ts'
import { newSink } from '../../engine/metrics/sinks.ts'
import { parseThresholdExpr, compare } from '../../engine/thresholds/parse.ts'
import { aggregate } from '../../engine/thresholds/thresholds.ts'
import { EXIT } from '../exit-codes.ts'
import type { EngineResult, SummaryData } from './engine.ts'

const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']

/** The first code that is not 0/99/105 wins (a script error in one worker fails the run). */
function combinedExitCode(results: RunResult[], thresholdsFailed: boolean): number {
  const codes = results.map((r) => r.exitCode)
  const fatal = codes.find((c) => c !== 0 && c !== EXIT.THRESHOLDS_FAILED && c !== EXIT.INTERRUPTED)
  if (fatal !== undefined) return fatal
  if (codes.includes(EXIT.INTERRUPTED)) return EXIT.INTERRUPTED
  return thresholdsFailed ? EXIT.THRESHOLDS_FAILED : 0
}

export function mergeWorkerResults(results: RunResult[]): EngineResult {
  const snapshots = results.map((r) => r.metrics).filter((m): m is NonNullable<typeof m> => !!m)
  const base = results.find((r) => r.summary)?.summary as unknown as SummaryData | undefined
  if (snapshots.length === 0 || !base) {
    return { exitCode: combinedExitCode(results, false), errorTail: results.map((r) => r.error).filter((e): e is string => !!e) }
  }
  const merged = mergeSnapshots(snapshots)
  const trendStats = (base.options?.summaryTrendStats as string[] | undefined) ?? DEFAULT_TREND_STATS
  const values = snapshotValues(merged, trendStats)
  let failed = false
  const metrics: SummaryData['metrics'] = {}
  for (const m of merged.metrics) {
    const prior = base.metrics[m.name]
    const entry = { type: m.type, contains: m.contains, values: values[m.name] ?? {} } as SummaryData['metrics'][string]
    if (prior?.thresholds) {
      const sink = newSink(m.type)
      sink.merge(m.sink)
      entry.thresholds = {}
      for (const source of Object.keys(prior.thresholds)) {
        const expr = parseThresholdExpr(source)
        const actual = aggregate(sink, expr, merged.elapsedMs)
        // k6: an aggregate with no value yet passes (k6-semantics.md §4.2).
        const ok = actual === undefined ? true : compare(actual, expr.op, expr.value)
        if (!ok) failed = true
        entry.thresholds[source] = { ok }
      }
    }
    metrics[m.name] = entry
  }
  // Metrics with thresholds but no samples in any worker keep the workers' verdict.
  for (const [name, m] of Object.entries(base.metrics)) if (!metrics[name]) metrics[name] = m
  const summary: SummaryData = { ...base, metrics, state: { ...base.state, testRunDurationMs: Math.max(...results.map((r) => r.durationMs)) } }
  return {
    exitCode: combinedExitCode(results, failed),
    summary,
    summaryText: textSummary(summary as never, {}),
    ...(results.some((r) => r.error) ? { errorTail: results.map((r) => r.error).filter((e): e is string => !!e) } : {}),
  }
}
