// Outputs receive every sample (including setup/teardown ones) in batches. This interface is
// all a new output (e.g. Prometheus remote write) implements; register it in registry.ts.
import type { Metric } from '../metrics/metric.ts'
import type { Sample } from '../metrics/samples.ts'
import type { ThresholdSpec } from '../options/types.ts'
import type { Logger } from '../run/logger.ts'

export interface OutputParams {
  /** Text after `name=` in `--out name=arg` ("" when absent). */
  readonly arg: string
  /** Process environment (for K6_<OUTPUT>_* settings). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Thresholds by metric selector, for outputs that describe metrics (json). */
  readonly thresholds: ReadonlyMap<string, readonly ThresholdSpec[]>
  readonly systemTags: ReadonlySet<string>
  readonly log: Logger
  /** Every metric known when the output starts (custom metrics are defined in init). */
  readonly metrics: () => readonly Metric[]
}

export interface Output {
  /** What the header's "output:" line shows, e.g. "json (out.json)". */
  readonly description: string
  start(): Promise<void>
  /** Called with each batch (every ~200 ms and at the end); must not block for long. */
  addSamples(batch: readonly Sample[]): void
  /** Flushes and closes; the run waits for it. */
  stop(): Promise<void>
}

export type OutputFactory = (params: OutputParams) => Output
