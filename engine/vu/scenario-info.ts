// What a VU knows about the scenario it is running for (`exec.scenario.*`, `__ENV` and tags).
import type { ScenarioConfig } from '../options/types.ts'

export interface ScenarioInfo {
  readonly config: ScenarioConfig
  readonly name: string
  readonly executor: string
  /** Unix ms when the scenario started. */
  startEpochMs: number
  /** Next 0-based iteration index of this scenario on this instance. */
  iterationsStarted: number
  /** 0..1 (`exec.scenario.progress`). */
  progress(): number
  /** Test-wide unique index of a local iteration (`exec.scenario.iterationInTest`). */
  iterationInTest(localIndex: number): number
}
