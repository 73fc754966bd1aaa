// Small pieces the executors share: descriptions, scenario tags, the dropped-iterations sample.
import { performance } from 'node:perf_hooks'
import type { Tags } from '../host.ts'
import { formatDurationGo } from '../options/duration.ts'
import type { ScenarioConfig } from '../options/types.ts'
import type { TestState } from '../run/test-state.ts'
import type { PlanStep } from './executor.ts'

/** Run tags + `scenario` (what k6 puts on dropped_iterations). */
export function scenarioTags(state: TestState, config: ScenarioConfig): Tags {
  const t: Tags = { ...state.runTags }
  if (state.systemTags.has('scenario')) t.scenario = config.name
  return t
}

export function emitDropped(state: TestState, config: ScenarioConfig, count: number): void {
  if (count > 0) state.metrics.push(state.builtin.droppedIterations, count, scenarioTags(state, config))
}

/**
 * exec.scenario.progress of a time-bound executor: 0 before it started (`start` 0), then the
 * elapsed share of `length` ms, capped at 1 (1 at once when the length is 0).
 */
export function timeProgress(start: number, length: number): number {
  if (start === 0) return 0
  return length <= 0 ? 1 : Math.min(1, (performance.now() - start) / length)
}

/** The plan of an executor that needs `vus` from its start until `until` ms later. */
export function holdPlan(vus: number, until: number): PlanStep[] {
  return [
    { at: 0, vus },
    { at: until, vus: 0 },
  ]
}

export function suffix(config: ScenarioConfig, parts: string[]): string {
  const extra = [...parts]
  if (config.startTime > 0) extra.unshift(`startTime: ${formatDurationGo(config.startTime)}`)
  extra.push(`gracefulStop: ${formatDurationGo(config.gracefulStop)}`)
  if (config.exec !== 'default') extra.push(`exec: ${config.exec}`)
  return `(${extra.join(', ')})`
}

export const go = formatDurationGo
