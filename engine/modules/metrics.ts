// `k6/metrics`: Counter, Gauge, Rate, Trend. Declared in the init context only; add() only in
// VU code; values are numbers or booleans, anything else is skipped with a warning.
import type { MetricType, ModuleFactory, Tags } from '../host.ts'
import type { Metric } from '../metrics/metric.ts'
import { internals } from '../vu/module-context.ts'

export const metricsModule: ModuleFactory = (ctx) => {
  const c = internals(ctx)
  const vu = c.owner
  const test = c.test

  function make(type: MetricType, className: string) {
    return class {
      readonly #metric: Metric
      constructor(name: unknown, isTime?: unknown) {
        if (!vu.initializing) throw new Error(`${className}: metrics must be declared in the init context (at the top level of the script)`)
        this.#metric = test.metrics.registry.define(name as string, type, isTime === true ? 'time' : 'default')
      }
      get name(): string {
        return this.#metric.name
      }
      add(value: unknown, tags?: unknown): boolean {
        if (vu.initializing) throw new Error(`${className}.add(): samples cannot be added in the init context`)
        let v: number
        if (typeof value === 'boolean') v = value ? 1 : 0
        else v = typeof value === 'number' ? value : Number.NaN
        if (Number.isNaN(v) || value === null || value === undefined) {
          const msg = `${className} ${this.#metric.name}: ${JSON.stringify(value)} is not a number, the sample is skipped`
          if (test.options?.throw) throw new TypeError(msg)
          test.log.warn(msg)
          return false
        }
        const base = vu.tags()
        const t = tags !== undefined && tags !== null && typeof tags === 'object' ? { ...base, ...stringTags(tags as Record<string, unknown>) } : base
        test.metrics.push(this.#metric, v, t, vu.metadata())
        return true
      }
    }
  }

  const api = {
    Counter: make('counter', 'Counter'),
    Gauge: make('gauge', 'Gauge'),
    Rate: make('rate', 'Rate'),
    Trend: make('trend', 'Trend'),
  }
  return { ...api, default: api }
}

function stringTags(t: Record<string, unknown>): Tags {
  const out: Tags = {}
  for (const [k, v] of Object.entries(t)) out[k] = String(v)
  return out
}
