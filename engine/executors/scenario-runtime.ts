// The per-scenario state behind `exec.scenario`.
import type { ScenarioConfig } from '../options/types.ts'
import type { ExecutionTuple } from '../segments/striping.ts'
import type { ScenarioInfo } from '../vu/scenario-info.ts'

export class ScenarioRuntime implements ScenarioInfo {
  readonly name: string
  readonly executor: string
  startEpochMs = 0
  iterationsStarted = 0

  constructor(
    readonly config: ScenarioConfig,
    /** Stripe used to turn local iteration numbers into test-wide unique ones. */
    private readonly iterationTuple: ExecutionTuple,
    readonly progress: () => number,
    /** Overrides the local -> test-wide mapping (arrival-rate uses its global schedule index). */
    private readonly globalIteration?: (local: number) => number,
  ) {
    this.name = config.name
    this.executor = config.executor
  }

  iterationInTest(localIndex: number): number {
    if (this.globalIteration) return this.globalIteration(localIndex)
    return this.iterationTuple.isEmpty ? localIndex : this.iterationTuple.globalIndex(localIndex)
  }
}
