// Thresholds bound to metrics: built before the run (unknown metric or wrong aggregation =
// config error), evaluated every 2 s during the run (metrics without samples skipped) and once
// at the end (all of them). abortOnFail stops the run once delayAbortEval has passed.
import type { MetricType } from '../host.ts'
import { parseMetricName, type Metric, type Submetric } from '../metrics/metric.ts'
import type { MetricRegistry } from '../metrics/registry.ts'
import type { CounterSink, GaugeSink, RateSink, Sink, TrendSink } from '../metrics/sinks.ts'
import { isNamedTrendStat, trendStat } from '../metrics/trend-stat.ts'
import type { ThresholdSpec } from '../options/types.ts'
import { ConfigError } from '../run/exit-codes.ts'
import { checkAggregation, compare, parseThresholdExpr, type ThresholdExpr } from './parse.ts'

export interface ThresholdState {
  readonly spec: ThresholdSpec
  readonly expr: ThresholdExpr
  /** Last verdict; true until a failing evaluation. */
  ok: boolean
  /** The aggregate the verdict was based on (undefined = no value, which passes). */
  actual: number | undefined
}

export interface ThresholdGroup {
  /** As written in the options (`metric` or `metric{tag:value}`). */
  readonly selector: string
  readonly metric: Metric
  readonly submetric: Submetric | undefined
  readonly type: MetricType
  readonly sink: Sink
  readonly items: ThresholdState[]
}

export class Thresholds {
  private constructor(readonly groups: ThresholdGroup[]) {}

  static build(specs: ReadonlyMap<string, readonly ThresholdSpec[]>, registry: MetricRegistry, warn: (m: string) => void): Thresholds {
    const problems: string[] = []
    const groups: ThresholdGroup[] = []
    for (const [selector, list] of specs) {
      const parsed = parseMetricName(selector)
      const metric = registry.get(parsed.name)
      if (!metric) {
        problems.push(
          `thresholds: there is no metric named "${parsed.name}" (custom metrics must be created in the init context, at the top level of the script)`,
        )
        continue
      }
      if (parsed.tags && ('vu' in parsed.tags || 'iter' in parsed.tags)) {
        warn(`the threshold on ${selector} filters on vu/iter, which are metadata, not tags; it will never see samples`)
      }
      const submetric = parsed.tags && parsed.suffix ? metric.submetric(parsed.suffix, parsed.tags) : undefined
      const items: ThresholdState[] = []
      for (const spec of list) {
        const expr = parseThresholdExpr(spec.threshold)
        try {
          checkAggregation(expr, selector, metric.type)
          items.push({ spec, expr, ok: true, actual: undefined })
        } catch (e) {
          problems.push((e as Error).message)
        }
      }
      groups.push({ selector, metric, submetric, type: metric.type, sink: submetric?.sink ?? metric.sink, items })
    }
    if (problems.length > 0) throw new ConfigError(`invalid thresholds:\n  - ${problems.join('\n  - ')}`)
    return new Thresholds(groups)
  }

  get empty(): boolean {
    return this.groups.length === 0
  }

  /**
   * Evaluates every threshold; returns the first abortOnFail expression that failed and may
   * abort now (periodic checks only).
   */
  evaluate(elapsedMs: number, final: boolean): ThresholdState | undefined {
    let abort: ThresholdState | undefined
    for (const g of this.groups) {
      if (!final && g.sink.count === 0) continue
      for (const t of g.items) {
        const actual = aggregate(g.sink, t.expr, elapsedMs)
        t.actual = actual
        const pass = actual === undefined || compare(actual, t.expr.op, t.expr.value)
        t.ok = pass
        if (!pass && !final && t.spec.abortOnFail && elapsedMs >= t.spec.delayAbortEval) abort ??= t
      }
    }
    return abort
  }

  get failed(): boolean {
    return this.groups.some((g) => g.items.some((t) => !t.ok))
  }
}

/** The aggregate a threshold compares, or undefined when it has no value yet. */
export function aggregate(sink: Sink, expr: ThresholdExpr, elapsedMs: number): number | undefined {
  const a = expr.aggregation
  switch (sink.type) {
    case 'counter': {
      const c = sink as CounterSink
      if (a.kind === 'count') return c.sum
      return elapsedMs > 0 ? c.sum / (elapsedMs / 1000) : undefined
    }
    case 'gauge':
      return (sink as GaugeSink).value
    case 'rate':
      return (sink as RateSink).rate
    case 'trend':
      if (a.kind === 'p') return trendStat(sink as TrendSink, a)
      // A trend threshold has no count (checkAggregation rejects it, as k6 does).
      return a.kind !== 'count' && isNamedTrendStat(a.kind) ? trendStat(sink as TrendSink, a.kind) : undefined
  }
}
