// Everything one test run shares: options, metrics, logging, per-process resources, the
// check/group tree, run-wide counters and the abort switch. VUs, modules and executors get it.
import { performance } from 'node:perf_hooks'
import type { Tags } from '../host.ts'
import type { Program } from '../loader/program.ts'
import type { Metric } from '../metrics/metric.ts'
import { MetricsEngine } from '../metrics/samples.ts'
import type { EngineOptions } from '../options/types.ts'
import { DEFAULT_SYSTEM_TAGS } from '../options/types.ts'
import { ExecutionTuple, type SegmentSetup } from '../segments/striping.ts'
import { Fraction } from '../segments/fraction.ts'
import { AwaitRuleReport } from '../vu/await-rule.ts'
import { ExitCode, RunError } from './exit-codes.ts'
import { GroupTree } from './group-tree.ts'
import type { Logger } from './logger.ts'
import { SharedStore } from './shared-store.ts'

export interface BuiltinMetrics {
  readonly vus: Metric
  readonly vusMax: Metric
  readonly iterations: Metric
  readonly iterationDuration: Metric
  readonly droppedIterations: Metric
  readonly checks: Metric
  readonly groupDuration: Metric
  readonly iterationStartLag: Metric
}

export class TestState {
  readonly metrics = new MetricsEngine()
  readonly builtin: BuiltinMetrics
  readonly shared = new SharedStore()
  readonly groups = new GroupTree()
  readonly awaitRule: AwaitRuleReport
  /** Aborted on test.abort(), abortOnFail, a signal: running iterations are interrupted. */
  readonly hardStop = new AbortController()
  /** Aborted on the first signal: no new iterations; teardown and the summary still run. */
  readonly softStop = new AbortController()

  options: EngineOptions | undefined
  systemTags: ReadonlySet<string> = new Set(DEFAULT_SYSTEM_TAGS)
  runTags: Tags = {}
  segment: SegmentSetup = {
    segment: { from: new Fraction(0), to: new Fraction(1) },
    sequence: [new Fraction(0), new Fraction(1)],
    tuple: ExecutionTuple.full(),
  }
  /** performance.now() when the scenarios started; undefined before. */
  testStart: number | undefined
  testEnd: number | undefined
  iterationsCompleted = 0
  iterationsInterrupted = 0
  vusActive = 0
  vusInitialized = 0
  #error: RunError | undefined
  #failed: string | undefined

  constructor(
    readonly program: Program,
    readonly log: Logger,
    /** `__ENV` before scenario overlays: system env (if included) + `-e` values. */
    readonly baseEnv: Readonly<Record<string, string>>,
  ) {
    const r = this.metrics.registry
    const get = (n: string) => r.get(n)!
    this.builtin = {
      vus: get('vus'),
      vusMax: get('vus_max'),
      iterations: get('iterations'),
      iterationDuration: get('iteration_duration'),
      droppedIterations: get('dropped_iterations'),
      checks: get('checks'),
      groupDuration: get('group_duration'),
      iterationStartLag: get('iteration_start_lag'),
    }
    this.awaitRule = new AwaitRuleReport((m) => log.warn(m, { source: 'await-rule' }))
  }

  /** The first error wins its exit code (k6). */
  recordError(err: RunError): void {
    this.#error ??= err
  }

  get error(): RunError | undefined {
    return this.#error
  }

  /** exec.test.abort(): interrupt everything now; teardown and summary still run (108). */
  abort(err: RunError): void {
    this.recordError(err)
    this.softStop.abort()
    this.hardStop.abort()
  }

  /** exec.test.fail(): the run goes on and exits 110 at the end. */
  markFailed(reason: string): void {
    this.#failed ??= reason
  }

  get failedReason(): string | undefined {
    return this.#failed
  }

  get stopping(): boolean {
    return this.softStop.signal.aborted
  }

  /** ms since the scenarios started (0 before). */
  elapsed(): number {
    if (this.testStart === undefined) return 0
    return (this.testEnd ?? performance.now()) - this.testStart
  }

  exitCodeFallback(): number {
    if (this.#error) return this.#error.exitCode
    if (this.#failed !== undefined) return ExitCode.MARKED_AS_FAILED
    return ExitCode.OK
  }
}
