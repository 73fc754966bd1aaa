// Merges the option layers with k6's precedence and shortcut rules, then validates the result.
// Every problem is collected and reported together as one config error (exit code 104).
import { ConfigError } from '../run/exit-codes.ts'
import { parseThresholdExpr } from '../thresholds/parse.ts'
import { parseMetricName } from '../metrics/metric.ts'
import { parseDuration } from './duration.ts'
import type { NamedLayer, OptionsLayer } from './layers.ts'
import { parseScenarios, parseStages } from './scenarios.ts'
import {
  ALL_SYSTEM_TAGS,
  DEFAULT_SYSTEM_TAGS,
  DEFAULT_TREND_STATS,
  type EngineOptions,
  type ScenarioConfig,
  type SummaryMode,
  type SummaryTimeUnit,
  type ThresholdSpec,
} from './types.ts'

const EXECUTION_KEYS = ['duration', 'iterations', 'stages', 'scenarios'] as const

export interface Consolidated {
  readonly options: EngineOptions
  readonly warnings: string[]
}

export function consolidate(layers: readonly NamedLayer[]): Consolidated {
  const problems: string[] = []
  const warnings: string[] = []
  const merged: OptionsLayer = {}
  // Which layer set `scenarios` and `vus`, for k6 2.1's "a bare vus replaces scenarios".
  let scenariosLayer = -1
  let vusLayer = -1
  layers.forEach((layer, idx) => {
    const o = stripNulls(layer.options)
    const has = (k: string) => o[k] !== undefined
    if (has('iterations') && has('stages')) problems.push(`${layer.name} options: "iterations" and "stages" cannot be used together`)
    if (has('duration') && has('stages')) problems.push(`${layer.name} options: "duration" and "stages" cannot be used together`)
    if (has('scenarios')) {
      for (const k of ['duration', 'iterations', 'stages']) {
        if (has(k)) problems.push(`${layer.name} options: "${k}" cannot be used together with "scenarios" (put it inside a scenario)`)
      }
      if (has('vus')) {
        warnings.push(`the ${layer.name} options set both "vus" and "scenarios"; "vus" is ignored (set vus inside each scenario)`)
        delete o.vus
      }
    }
    if (EXECUTION_KEYS.some(has)) {
      if (idx > 0 && merged.scenarios !== undefined && !has('scenarios')) {
        warnings.push(`the ${layer.name} options (${EXECUTION_KEYS.filter(has).join(', ')}) overrode the scenarios configuration entirely`)
      }
      for (const k of EXECUTION_KEYS) delete merged[k]
      scenariosLayer = has('scenarios') ? idx : -1
    }
    if (has('vus')) vusLayer = idx
    Object.assign(merged, o)
  })

  let scenarios: ScenarioConfig[]
  const vus = merged.vus
  if (vus !== undefined && (typeof vus !== 'number' || !Number.isInteger(vus) || vus < 0)) {
    problems.push(`vus must be a whole number >= 0 (got ${JSON.stringify(vus)})`)
  }
  if (merged.scenarios !== undefined && !(vus !== undefined && vusLayer > scenariosLayer)) {
    scenarios = parseScenarios(merged.scenarios, problems)
  } else {
    if (merged.scenarios !== undefined) {
      warnings.push(`"vus" given without duration, iterations or stages replaces the script's scenarios (k6 >= 2.1): running ${String(vus)} iterations shared among ${String(vus)} VUs`)
    }
    scenarios = parseScenarios({ default: shortcutScenario(merged, problems) }, problems)
  }

  const durationOf = (key: string, def: number): number => {
    const v = merged[key]
    if (v === undefined) return def
    try {
      const ms = parseDuration(v, key)
      if (ms < 0) problems.push(`${key} must not be negative`)
      return ms
    } catch (e) {
      problems.push((e as Error).message)
      return def
    }
  }

  const thresholds = parseThresholdsOption(merged.thresholds, problems)
  const summaryTrendStats = parseTrendStats(merged.summaryTrendStats, problems)
  const summaryTimeUnit = oneOf(merged.summaryTimeUnit, ['', 's', 'ms', 'us'], 'summaryTimeUnit', '', problems) as SummaryTimeUnit
  const summaryMode = oneOf(merged.summaryMode, ['compact', 'full', 'disabled'], 'summaryMode', 'compact', problems) as SummaryMode
  if (merged.summaryMode === 'legacy') problems.push('summaryMode "legacy" was removed in k6 v2; use compact or full')
  const systemTags = parseSystemTags(merged.systemTags, problems)
  const tags = tagsOf(merged.tags, problems)
  const setupTimeout = durationOf('setupTimeout', 60_000)
  const teardownTimeout = durationOf('teardownTimeout', 60_000)
  const handleSummaryTimeout = durationOf('handleSummaryTimeout', 120_000)
  if (setupTimeout <= 0) problems.push('setupTimeout must be greater than 0')
  if (teardownTimeout <= 0) problems.push('teardownTimeout must be greater than 0')
  const minIterationDuration = durationOf('minIterationDuration', 0)

  if (problems.length > 0) {
    throw new ConfigError(`invalid options:\n  - ${problems.join('\n  - ')}`)
  }
  const flag = (k: string) => merged[k] === true
  const str = (k: string) => (typeof merged[k] === 'string' && merged[k] !== '' ? (merged[k]) : undefined)
  const exposed = exposedOptions(merged, scenarios)
  return {
    warnings,
    options: {
      scenarios,
      thresholds,
      tags,
      setupTimeout,
      teardownTimeout,
      handleSummaryTimeout,
      noSetup: flag('noSetup'),
      noTeardown: flag('noTeardown'),
      noThresholds: flag('noThresholds'),
      summaryTrendStats,
      summaryTimeUnit,
      summaryMode,
      summaryExport: str('summaryExport'),
      systemTags,
      throw: flag('throw'),
      minIterationDuration,
      executionSegment: str('executionSegment'),
      executionSegmentSequence: str('executionSegmentSequence'),
      noColor: flag('noColor'),
      exposed,
    },
  }
}

/** k6's shortcut table (lib/executor/execution_config_shortcuts.go, paraphrased). */
function shortcutScenario(o: OptionsLayer, problems: string[]): Record<string, unknown> {
  const vus = o.vus as number | undefined
  if (o.iterations !== undefined) {
    return {
      executor: 'shared-iterations',
      vus: vus ?? 1,
      iterations: o.iterations,
      ...(o.duration !== undefined ? { maxDuration: o.duration } : {}),
    }
  }
  if (o.duration !== undefined) {
    let ms = 0
    try {
      ms = parseDuration(o.duration, 'duration')
    } catch (e) {
      problems.push((e as Error).message)
      return { executor: 'constant-vus', vus: vus ?? 1, duration: '1s' }
    }
    if (ms <= 0) problems.push('duration must be greater than 0 (use iterations for a fixed number of iterations)')
    return { executor: 'constant-vus', vus: vus ?? 1, duration: o.duration }
  }
  if (o.stages !== undefined) {
    parseStages(o.stages, 'stages', { add: (m) => problems.push(m) })
    return { executor: 'ramping-vus', startVUs: vus ?? 1, stages: o.stages }
  }
  if (vus !== undefined) return { executor: 'shared-iterations', vus, iterations: vus }
  return { executor: 'per-vu-iterations', vus: 1, iterations: 1 }
}

function parseThresholdsOption(raw: unknown, problems: string[]): Map<string, ThresholdSpec[]> {
  const out = new Map<string, ThresholdSpec[]>()
  if (raw === undefined) return out
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('thresholds must be an object mapping metric names to lists of expressions')
    return out
  }
  for (const [metric, list] of Object.entries(raw as Record<string, unknown>)) {
    try {
      parseMetricName(metric)
    } catch (e) {
      problems.push(`thresholds: ${(e as Error).message}`)
      continue
    }
    const entries = Array.isArray(list) ? list : [list]
    const specs: ThresholdSpec[] = []
    for (const entry of entries) {
      try {
        specs.push(thresholdSpec(entry))
      } catch (e) {
        problems.push(`thresholds on ${metric}: ${(e as Error).message}`)
      }
    }
    out.set(metric, specs)
  }
  return out
}

function thresholdSpec(entry: unknown): ThresholdSpec {
  if (typeof entry === 'string') {
    parseThresholdExpr(entry)
    return { threshold: entry, abortOnFail: false, delayAbortEval: 0, raw: entry }
  }
  if (entry !== null && typeof entry === 'object') {
    const e = entry as Record<string, unknown>
    for (const k of Object.keys(e)) {
      if (!['threshold', 'abortOnFail', 'delayAbortEval'].includes(k)) throw new Error(`unknown key "${k}" (allowed: threshold, abortOnFail, delayAbortEval)`)
    }
    if (typeof e.threshold !== 'string') throw new Error('an object entry needs "threshold": "<expression>"')
    parseThresholdExpr(e.threshold)
    const delay = e.delayAbortEval === undefined || e.delayAbortEval === null ? 0 : parseDuration(e.delayAbortEval, 'delayAbortEval')
    return {
      threshold: e.threshold,
      abortOnFail: e.abortOnFail === true,
      delayAbortEval: delay,
      raw: e as ThresholdSpec['raw'],
    }
  }
  throw new Error(`${JSON.stringify(entry)} is neither an expression string nor {threshold, abortOnFail, delayAbortEval}`)
}

function parseTrendStats(raw: unknown, problems: string[]): string[] {
  if (raw === undefined) return [...DEFAULT_TREND_STATS]
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) {
    problems.push('summaryTrendStats must be a list of stat names')
    return [...DEFAULT_TREND_STATS]
  }
  for (const s of raw as string[]) {
    if (['avg', 'min', 'med', 'max', 'count'].includes(s)) continue
    const m = /^p\((\d+(\.\d+)?)\)$/.exec(s)
    if (m && Number(m[1]) >= 0 && Number(m[1]) <= 100) continue
    problems.push(`summaryTrendStats: ${JSON.stringify(s)} is not a stat (use avg, min, med, max, count or p(N) with 0 <= N <= 100)`)
  }
  return raw as string[]
}

function parseSystemTags(raw: unknown, problems: string[]): Set<string> {
  if (raw === undefined) return new Set(DEFAULT_SYSTEM_TAGS)
  if (!Array.isArray(raw)) {
    problems.push('systemTags must be a list of tag names')
    return new Set(DEFAULT_SYSTEM_TAGS)
  }
  for (const t of raw) {
    if (!(ALL_SYSTEM_TAGS as readonly unknown[]).includes(t)) {
      problems.push(`systemTags: ${JSON.stringify(t)} is not a system tag (known: ${ALL_SYSTEM_TAGS.join(', ')})`)
    }
  }
  return new Set(raw as string[])
}

function tagsOf(raw: unknown, problems: string[]): Record<string, string> {
  if (raw === undefined) return {}
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('tags must be an object of name: value')
    return {}
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = String(v)
  return out
}

function oneOf(v: unknown, allowed: string[], key: string, def: string, problems: string[]): string {
  if (v === undefined) return def
  if (typeof v !== 'string' || !allowed.includes(v)) {
    problems.push(`${key} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${JSON.stringify(v)})`)
    return def
  }
  return v
}

function stripNulls(o: OptionsLayer): OptionsLayer {
  const out: OptionsLayer = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v
  return out
}

/** `exec.test.options`: shortcuts already folded into scenarios, unset options null. */
function exposedOptions(merged: OptionsLayer, scenarios: readonly ScenarioConfig[]): Record<string, unknown> {
  const o: Record<string, unknown> = { ...merged }
  for (const k of ['vus', 'iterations', 'duration', 'stages']) delete o[k]
  o.scenarios = Object.fromEntries(scenarios.map((s) => [s.name, { ...s }]))
  for (const k of ['thresholds', 'tags', 'setupTimeout', 'teardownTimeout', 'summaryTrendStats', 'summaryTimeUnit', 'systemTags', 'throw', 'minIterationDuration', 'noSetup', 'noTeardown']) {
    if (!(k in o)) o[k] = null
  }
  return deepFreeze(o)
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}
