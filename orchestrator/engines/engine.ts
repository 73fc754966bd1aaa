// The one small interface every engine implements, so the run phases cannot tell whether the
// load comes from the node engine, a k6 binary, a container or a Kubernetes TestRun.
import type { EngineName, RunConfig } from '../config/schema.ts'

export type MetricKind = 'counter' | 'gauge' | 'rate' | 'trend'

/** One metric sample, engine-neutral (k6's JSON output `Point`, or the node engine's Sample). */
export interface EngineSample {
  metric: string
  type: MetricKind
  /** Unix epoch ms. */
  time: number
  value: number
  tags: Record<string, string>
  /** What the value measures ("time" values are ms), when the engine says. */
  contains?: 'time' | 'data' | 'default'
}

/** The end-of-test data in the shape k6 passes to handleSummary(data) (k6-semantics.md §2.4). */
export interface SummaryData {
  metrics: Record<string, SummaryMetric>
  root_group?: unknown
  options?: Record<string, unknown>
  state?: { testRunDurationMs?: number; isStdOutTTY?: boolean; isStdErrTTY?: boolean }
  [key: string]: unknown
}

export interface SummaryMetric {
  type: MetricKind
  contains: 'time' | 'data' | 'default'
  values: Record<string, number>
  thresholds?: Record<string, { ok: boolean }>
}

export interface EngineResult {
  /** k6 semantics: 0, 99 thresholds, 105 interrupted, 107 script error, ... */
  exitCode: number
  summary?: SummaryData
  /** The end-of-test summary as the engine printed it (k6's text layout). */
  summaryText?: string
  /** Files the engine wrote into the run directory (relative names), e.g. rendered manifests. */
  artifacts?: string[]
  /** Set when the engine only prepared the run (k6-operator renders; kubectl applies). */
  handedOff?: string
  /** What the run's report should say about the engine (e.g. metrics it could not provide). */
  note?: string
  /** Last error-looking lines of the engine's stderr when it failed. */
  errorTail?: string[]
}

export interface EngineRunSpec {
  config: RunConfig
  /** Absolute path of dist/k6/<scenario>.js. */
  bundle: string
  /** __ENV for the script: -e flags plus the knobs and the run id. */
  env: Record<string, string>
  /** Run tags (--tag plus run_id / testid). */
  tags: Record<string, string>
  /** reports/<run_id>/: engines put their raw files here. */
  runDir: string
}

export interface EngineListener {
  samples(batch: readonly EngineSample[]): void
  /** A console line from the script or the engine (already redacted by the caller). */
  log(line: string): void
}

export interface EngineRun {
  /** Graceful stop (first Ctrl-C): iterations finish, teardown and summary still run. */
  stop(): void
  /** Immediate stop (second Ctrl-C). */
  kill(): void
  readonly done: Promise<EngineResult>
}

export interface PreflightProblem {
  what: string
  problem: string
  fix: string
}

export interface Engine {
  readonly name: EngineName
  /** What must exist before the run (binaries, extensions, images); [] when all is there. */
  preflight(spec: EngineRunSpec): Promise<PreflightProblem[]>
  start(spec: EngineRunSpec, listener: EngineListener): EngineRun
}
