// Everything a finished (or interrupted) run knows, in one object the report writers read.
import type { SummaryData } from '../engines/engine.ts'
import type { LoadSecond, LoadSnapshot } from '../stats/load-stats.ts'
import type { PipelineSecond, PipelineSnapshot, Stage } from '../stats/pipeline.ts'

export const REPORT_SCHEMA_VERSION = 1

export type PhaseName = 'preflight' | 'stack' | 'build' | 'tail' | 'probe' | 'load' | 'drain' | 'verify' | 'report'
export const PHASES: readonly PhaseName[] = ['preflight', 'stack', 'build', 'tail', 'probe', 'load', 'drain', 'verify', 'report']

export interface PhaseRecord {
  name: PhaseName
  status: 'ok' | 'failed' | 'skipped' | 'interrupted'
  ms: number
  detail?: string
}

export interface VerificationCheck {
  name: string
  passed: boolean
  count?: number
  detail?: string
}

export interface VerificationOutcome {
  passed: boolean
  checks: VerificationCheck[]
  /** Where the verifier's own report went (verification.json). */
  file?: string
}

export interface DrainOutcome {
  drained: boolean
  waitedMs: number
  /** Events of the run still missing from MongoDB when the drain ended. */
  remaining: number
  reason: string
}

export interface Manifest {
  seed: string
  versions: Record<string, string>
  host: { platform: string; arch: string; cpus: number; memoryGiB: number; node: string }
  /** The run config, secrets redacted. */
  config: Record<string, unknown>
  /** Where each service was (URLs redacted). */
  connections: string[]
  /** `git describe` of the checkout, when there is one. */
  commit?: string
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  runId: string
  scenario: string
  engine: string
  workers: number
  startedAt: string
  finishedAt: string
  status: 'passed' | 'failed' | 'aborted' | 'handed-off'
  exitCode: number
  exitMeaning: string
  interrupted: boolean
  manifest: Manifest
  phases: PhaseRecord[]
  engineResult: { exitCode: number; summary?: SummaryData; handedOff?: string; errorTail?: string[] }
  load: LoadSnapshot
  loadHistory: LoadSecond[]
  insertBins: { le: number; count: number }[]
  pipeline: PipelineSnapshot
  pipelineHistory: PipelineSecond[]
  /** Events of the run seen in Kafka and MongoDB, sampled every second during load and drain. */
  arrivals: { t: number; inKafka: number; inMongo: number }[]
  stageBins: Partial<Record<Stage, { le: number; count: number }[]>>
  drain?: DrainOutcome
  verification?: VerificationOutcome
  /** The readiness probe's event (kept out of the run's counts). */
  probe?: { runId: string; eventId: string; ms: number }
}
