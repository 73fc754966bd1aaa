// The sample stream: every recorded value is aggregated at once (metric + matching
// sub-metrics) and, only when someone listens (outputs, the orchestrator), buffered and
// handed over in batches.
import { performance } from 'node:perf_hooks'
import type { Tags } from '../host.ts'
import type { Metric } from './metric.ts'
import { MetricRegistry } from './registry.ts'

export interface Sample {
  readonly metric: Metric
  /** Unix epoch, ms with sub-ms precision. */
  readonly time: number
  readonly value: number
  readonly tags: Tags
  /** Non-indexed metadata (`vu`, `iter` when enabled); absent when empty. */
  readonly metadata?: Readonly<Record<string, string>>
}

export type SampleListener = (batch: readonly Sample[]) => void

/** Wall clock with sub-millisecond precision (Date.now() only has whole ms). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

export class MetricsEngine {
  readonly registry = new MetricRegistry()
  readonly #listeners: SampleListener[] = []
  #buffer: Sample[] = []
  #timer: NodeJS.Timeout | undefined

  push(metric: Metric, value: number, tags: Tags, metadata?: Readonly<Record<string, string>>): void {
    const time = epochNow()
    metric.sink.add(value, time)
    const subs = metric.submetrics
    for (let i = 0; i < subs.length; i++) {
      const sm = subs[i]!
      if (sm.matches(tags)) sm.sink.add(value, time)
    }
    if (this.#listeners.length > 0) {
      this.#buffer.push(metadata ? { metric, time, value, tags, metadata } : { metric, time, value, tags })
    }
  }

  /** Registers a batch listener; batches are flushed every `intervalMs` and on flush(). */
  listen(listener: SampleListener, intervalMs = 200): void {
    this.#listeners.push(listener)
    if (!this.#timer) {
      this.#timer = setInterval(() => this.flush(), intervalMs)
      this.#timer.unref()
    }
  }

  flush(): void {
    if (this.#buffer.length === 0) return
    const batch = this.#buffer
    this.#buffer = []
    for (const l of this.#listeners) l(batch)
  }

  stop(): void {
    this.flush()
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
  }
}
