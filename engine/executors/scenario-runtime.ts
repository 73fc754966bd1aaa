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
  ) {
    this.name = config.name
    this.executor = config.executor
  }

  iterationInTest(localIndex: number): number {
    return this.iterationTuple.isEmpty ? localIndex : this.iterationTuple.globalIndex(localIndex)
  }
}
