// The end-of-test summary phase: handleSummary() in a fresh __VU = 0 VU when the script
// exports it (its map written as k6 does; falsy result or exception -> default summary),
// otherwise the default text summary; plus --summary-export.
import { writeFileSync } from 'node:fs'
import type { EngineOptions } from '../options/types.ts'
import { buildSummaryData, summaryExport, type SummaryData } from '../summary/data.ts'
import { textSummary } from '../summary/text.ts'
import { writeSummaryOutputs, type SummaryStreams } from '../summary/write-outputs.ts'
import type { Thresholds } from '../thresholds/thresholds.ts'
import { ExitCode } from './exit-codes.ts'
import { freshVu0, logRunError, scriptError } from './lifecycle.ts'
import type { TestState } from './test-state.ts'

export async function produceSummary(
  state: TestState,
  options: EngineOptions,
  thresholds: Thresholds | undefined,
  setupData: unknown,
  elapsedMs: number,
  streams: SummaryStreams,
): Promise<SummaryData | undefined> {
  if (options.summaryMode === 'disabled') return undefined
  const data = buildSummaryData({
    registry: state.metrics.registry,
    thresholds,
    root: state.groups.root,
    trendStats: options.summaryTrendStats,
    timeUnit: options.summaryTimeUnit,
    noColor: options.noColor,
    elapsedMs,
    setupData,
  })
  const thresholdValues = new Map<string, Map<string, number | undefined>>()
  for (const g of thresholds?.groups ?? []) {
    const name = g.submetric?.name ?? g.metric.name
    const m = thresholdValues.get(name) ?? new Map<string, number | undefined>()
    for (const t of g.items) m.set(t.spec.threshold, t.actual)
    thresholdValues.set(name, m)
  }
  const colors = Boolean(process.stdout.isTTY) && !options.noColor
  const defaultSummary = () => streams.stdout(textSummary(data, { indent: ' ', enableColors: colors, thresholdValues }) + '\n')

  let printed = false
  try {
    const vu = freshVu0(state, 'handleSummary')
    if (typeof vu.exports.handleSummary === 'function') {
      // The script gets its own copy; it may mutate it freely.
      const copy = JSON.parse(JSON.stringify(data)) as SummaryData
      const result = await vu.callLifecycle('handleSummary', [copy], options.handleSummaryTimeout, ExitCode.GENERIC_TIMEOUT)
      if (result && typeof result === 'object') {
        writeSummaryOutputs(result as Record<string, unknown>, streams)
        printed = true
      }
    }
  } catch (err) {
    const e = scriptError(state, err, 'handleSummary() failed')
    logRunError(state, e)
    if (e.exitCode === ExitCode.GENERIC_TIMEOUT) state.recordError(e)
  }
  if (!printed) defaultSummary()
  if (options.summaryExport) {
    try {
      writeFileSync(options.summaryExport, JSON.stringify(summaryExport(data), null, 4))
    } catch (err) {
      state.log.error(`--summary-export ${options.summaryExport}: ${(err as Error).message}`)
    }
  }
  return data
}
