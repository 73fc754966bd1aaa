// The process-wide metric registry with k6's naming and re-declaration rules, and the
// built-in metrics every run has.
import type { MetricType } from '../host.ts'
import { Metric, type ValueKind } from './metric.ts'

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]{1,128}$/

export const BUILTIN_METRICS: ReadonlyArray<readonly [string, MetricType, ValueKind]> = [
  ['vus', 'gauge', 'default'],
  ['vus_max', 'gauge', 'default'],
  ['iterations', 'counter', 'default'],
  ['iteration_duration', 'trend', 'time'],
  ['dropped_iterations', 'counter', 'default'],
  ['checks', 'rate', 'default'],
  ['group_duration', 'trend', 'time'],
  ['data_sent', 'counter', 'data'],
  ['data_received', 'counter', 'data'],
  // Not in k6: how late each arrival-rate iteration started against its schedule, so
  // coordinated omission shows instead of hiding in the latency numbers.
  ['iteration_start_lag', 'trend', 'time'],
]

export class MetricRegistry {
  readonly #metrics = new Map<string, Metric>()

  constructor() {
    for (const [name, type, contains] of BUILTIN_METRICS) this.#metrics.set(name, new Metric(name, type, contains))
  }

  /** Defines a metric, or returns the existing one when type and kind agree (k6's rule). */
  define(name: string, type: MetricType, contains: ValueKind = 'default'): Metric {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new Error(
        `invalid metric name ${JSON.stringify(name)}: it must match ^[a-zA-Z_][a-zA-Z0-9_]{1,128}$ (letters, digits, underscores; 2 to 129 characters)`,
      )
    }
    const existing = this.#metrics.get(name)
    if (existing) {
      if (existing.type !== type || existing.contains !== contains) {
        throw new Error(
          `metric ${JSON.stringify(name)} already exists as a ${existing.type}${existing.contains === 'time' ? ' (isTime)' : ''}; it cannot be redeclared as a ${type}${contains === 'time' ? ' (isTime)' : ''}`,
        )
      }
      return existing
    }
    const m = new Metric(name, type, contains)
    this.#metrics.set(name, m)
    return m
  }

  get(name: string): Metric | undefined {
    return this.#metrics.get(name)
  }

  all(): Metric[] {
    return [...this.#metrics.values()]
  }
}
