// What every executor provides, and the context it runs in.
import type { ScenarioConfig } from '../options/types.ts'
import type { TestState } from '../run/test-state.ts'
import type { PreciseTimer } from '../scheduler/precise-timer.ts'
import type { VuPool } from '../vu/pool.ts'
import type { ScenarioInfo } from '../vu/scenario-info.ts'

/** A step of the execution plan: from `at` (ms after the scenario start) on, `vus` are needed. */
export interface PlanStep {
  readonly at: number
  readonly vus: number
}

export interface ExecutorContext {
  readonly state: TestState
  readonly pool: VuPool
  readonly timer: PreciseTimer
  /** JSON of setup()'s result; undefined when setup returned nothing. */
  readonly setupJson: string | undefined
  /** performance.now() of this scenario's start. */
  readonly start: number
}

export interface Executor {
  readonly config: ScenarioConfig
  /** VUs this instance needs over time (its share), for the pre-test VU plan. */
  plan(): PlanStep[]
  /** Upper bound of VUs this instance may use (arrival-rate: its share of maxVUs). */
  maxVUs(): number
  /** Scenario length including the graceful stop. */
  maxDuration(): number
  /** The console line describing the scenario, as k6 prints it. */
  describe(): string
  /** Shared view for `exec.scenario` (set up by run()). */
  info(ctx: ExecutorContext): ScenarioInfo
  run(ctx: ExecutorContext): Promise<void>
}
