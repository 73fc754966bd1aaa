// The programmatic API's types (the orchestrator runs the engine in-process with these, or
// spawns `eventload run` per worker and reads the same RunResult from --result-file).
import type { Sample } from '../metrics/samples.ts'
import type { SummaryData } from '../summary/data.ts'
import type { UnawaitedSite } from '../vu/await-rule.ts'
import type { LogSink } from './logger.ts'
import type { MetricsSnapshot } from './snapshot.ts'

export interface RunOptions {
  /** Path of the k6 bundle (dist/k6/<name>.js). */
  readonly script: string
  /** Highest option layer, k6 JSON names (vus, duration, stages, tags, out, summaryExport, executionSegment...). */
  readonly cliOptions?: Readonly<Record<string, unknown>>
  /** `-e KEY=VALUE` values for `__ENV` (they never set options). */
  readonly env?: Readonly<Record<string, string>>
  /** Put the process environment into `__ENV` too (k6 run default: true). */
  readonly includeSystemEnv?: boolean
  /** Environment for the K6_* option layer and outputs; default process.env. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>
  /** A k6 JSON config file (lowest option layer). */
  readonly configFile?: string
  /** No header and no progress line. */
  readonly quiet?: boolean
  readonly verbose?: boolean
  /** Where the summary and handleSummary's "stdout" go; default process.stdout. */
  readonly stdout?: (text: string) => void
  readonly stderr?: (text: string) => void
  /** Log lines (k6 text format); default stderr. */
  readonly logSink?: LogSink
  /** Live samples in batches (~200 ms). */
  readonly onSamples?: (batch: readonly Sample[]) => void
  /** Every second while scenarios run. */
  readonly onProgress?: (p: Progress) => void
  /** Serialized metrics (exactly mergeable) every snapshotIntervalMs while scenarios run. */
  readonly onSnapshot?: (s: MetricsSnapshot) => void
  readonly snapshotIntervalMs?: number
  /** Aborting it is the first Ctrl+C: graceful stop, teardown and summary, exit 105. */
  readonly signal?: AbortSignal
}

export interface Progress {
  readonly elapsedMs: number
  readonly vusActive: number
  readonly vusMax: number
  readonly iterationsCompleted: number
  readonly iterationsInterrupted: number
}

export interface ThresholdResult {
  readonly metric: string
  readonly threshold: string
  readonly ok: boolean
  readonly abortOnFail: boolean
  readonly actual: number | undefined
}

export interface RunResult {
  readonly exitCode: number
  /** Why the run failed, when it did. */
  readonly error?: string
  readonly durationMs: number
  /** handleSummary's `data` (k6 legacy shape); undefined when the run ended before it. */
  readonly summary?: SummaryData
  /** All metrics with serialized sinks (HDR histograms base64) for an exact merge. */
  readonly metrics?: MetricsSnapshot
  readonly thresholds: readonly ThresholdResult[]
  /** Await-rule violations per call site. */
  readonly unawaited: readonly UnawaitedSite[]
  readonly iterationsCompleted: number
  readonly iterationsInterrupted: number
  readonly vusMax: number
  readonly executionSegment: string
  readonly executionSegmentSequence: string
}
