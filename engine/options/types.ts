// The engine's view of k6 options after consolidation and validation.
import type { Tags } from '../host.ts'

export const EXECUTORS = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
] as const
export type ExecutorName = (typeof EXECUTORS)[number]

export interface Stage {
  readonly duration: number
  readonly target: number
}

interface ScenarioBase {
  readonly name: string
  readonly startTime: number
  readonly gracefulStop: number
  readonly exec: string
  readonly env: Readonly<Record<string, string>>
  readonly tags: Tags
}

export interface SharedIterationsConfig extends ScenarioBase {
  readonly executor: 'shared-iterations'
  readonly vus: number
  readonly iterations: number
  readonly maxDuration: number
}
export interface PerVuIterationsConfig extends ScenarioBase {
  readonly executor: 'per-vu-iterations'
  readonly vus: number
  readonly iterations: number
  readonly maxDuration: number
}
export interface ConstantVusConfig extends ScenarioBase {
  readonly executor: 'constant-vus'
  readonly vus: number
  readonly duration: number
}
export interface RampingVusConfig extends ScenarioBase {
  readonly executor: 'ramping-vus'
  readonly startVUs: number
  readonly stages: readonly Stage[]
  readonly gracefulRampDown: number
}
export interface ConstantArrivalRateConfig extends ScenarioBase {
  readonly executor: 'constant-arrival-rate'
  readonly rate: number
  readonly timeUnit: number
  readonly duration: number
  readonly preAllocatedVUs: number
  readonly maxVUs: number
}
export interface RampingArrivalRateConfig extends ScenarioBase {
  readonly executor: 'ramping-arrival-rate'
  readonly startRate: number
  readonly timeUnit: number
  readonly stages: readonly Stage[]
  readonly preAllocatedVUs: number
  readonly maxVUs: number
}

export type ScenarioConfig =
  | SharedIterationsConfig
  | PerVuIterationsConfig
  | ConstantVusConfig
  | RampingVusConfig
  | ConstantArrivalRateConfig
  | RampingArrivalRateConfig

export type SummaryTimeUnit = '' | 's' | 'ms' | 'us'
export type SummaryMode = 'compact' | 'full' | 'disabled'

export interface ThresholdSpec {
  readonly threshold: string
  readonly abortOnFail: boolean
  readonly delayAbortEval: number
  /** The entry exactly as written (string or object), for outputs that echo it. */
  readonly raw: string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string }
}

export interface EngineOptions {
  readonly scenarios: readonly ScenarioConfig[]
  /** Metric selector (e.g. `http_req_duration{status:200}`) -> expressions. */
  readonly thresholds: ReadonlyMap<string, readonly ThresholdSpec[]>
  readonly tags: Tags
  readonly setupTimeout: number
  readonly teardownTimeout: number
  readonly handleSummaryTimeout: number
  readonly noSetup: boolean
  readonly noTeardown: boolean
  readonly noThresholds: boolean
  readonly summaryTrendStats: readonly string[]
  readonly summaryTimeUnit: SummaryTimeUnit
  readonly summaryMode: SummaryMode
  readonly summaryExport: string | undefined
  readonly systemTags: ReadonlySet<string>
  readonly throw: boolean
  readonly minIterationDuration: number
  readonly executionSegment: string | undefined
  readonly executionSegmentSequence: string | undefined
  readonly noColor: boolean
  /** The consolidated options object as exposed by `exec.test.options`. */
  readonly exposed: Readonly<Record<string, unknown>>
}

export const DEFAULT_SYSTEM_TAGS = [
  'proto',
  'subproto',
  'status',
  'method',
  'url',
  'name',
  'group',
  'check',
  'error',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
] as const

export const ALL_SYSTEM_TAGS = [...DEFAULT_SYSTEM_TAGS, 'vu', 'iter', 'ip', 'ocsp_status'] as const

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'] as const
