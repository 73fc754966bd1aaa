// The verifier's API (orchestrator/verify/index.ts): what a run hands it after drain.
import type { Connections } from '../../stack/connections.ts'
import type { PipelineProfile } from '../profile/schema.ts'
import type { TailResult } from '../tail/types.ts'

export interface VerifyOptions {
  connections: Pick<Connections, 'postgres' | 'mongo'>
  profile: PipelineProfile
  runId: string
  /** The tail's result, or the path of its tail.json; enables attribution and PG -> Kafka latency. */
  tail?: TailResult | string
  /**
   * Where verification.json and findings.jsonl are written, and where temporary sort files go
   * (removed afterwards). Default: reports/<runId>.
   */
  reportDir?: string
  /** Findings kept per check in verification.json (all of them go to findings.jsonl). Default 20. */
  sampleSize?: number
  /** Kafka -> MongoDB above this many ms is a `late` finding; no limit when omitted. */
  lateAfterMs?: number
  /** Events still missing count as censored samples at this time (default: when verification starts). */
  cutoff?: Date
  /** Events the load reported as committed, cross-checked against Postgres. */
  expectedEvents?: number
  /** Over-time bucket width for the latency series (default 1000 ms, coarsened to <= 600 buckets). */
  intervalMs?: number
  /** Records per in-memory sort chunk before spilling to disk (default 100,000). */
  sortChunkRecords?: number
  /** Aborting stops the verification at the next checkpoint (it then throws); nothing is written. */
  signal?: AbortSignal
  onProgress?: (progress: VerifyProgress) => void
  log?: (line: string) => void
}

export interface VerifyProgress {
  phase: 'postgres' | 'mongo' | 'merge' | 'references' | 'projections' | 'report'
  /** rows or documents handled in this phase so far */
  done: number
}

export interface ArrivedOptions {
  connections: Pick<Connections, 'mongo'>
  profile: PipelineProfile
  runId: string
}
