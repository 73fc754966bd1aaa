// Scenario config -> executor.
import type { ScenarioConfig } from '../options/types.ts'
import type { SegmentSetup } from '../segments/striping.ts'
import { ConstantArrivalRate } from './constant-arrival-rate.ts'
import { ConstantVus } from './constant-vus.ts'
import type { Executor, PlanStep } from './executor.ts'
import { PerVuIterations } from './per-vu-iterations.ts'
import { RampingArrivalRate } from './ramping-arrival-rate.ts'
import { RampingVus } from './ramping-vus.ts'
import { SharedIterations } from './shared-iterations.ts'

export function createExecutor(config: ScenarioConfig, segment: SegmentSetup): Executor {
  switch (config.executor) {
    case 'shared-iterations':
      return new SharedIterations(config, segment)
    case 'per-vu-iterations':
      return new PerVuIterations(config, segment)
    case 'constant-vus':
      return new ConstantVus(config, segment)
    case 'ramping-vus':
      return new RampingVus(config, segment)
    case 'constant-arrival-rate':
      return new ConstantArrivalRate(config, segment)
    case 'ramping-arrival-rate':
      return new RampingArrivalRate(config, segment)
  }
}

/** VUs to initialize before the test: the peak of the summed plans, shifted by startTime. */
export function plannedVUs(executors: readonly Executor[]): number {
  const events: Array<{ at: number; scenario: number; vus: number }> = []
  executors.forEach((e, i) => {
    for (const s of e.plan()) events.push({ at: e.config.startTime + s.at, scenario: i, vus: s.vus })
  })
  events.sort((a, b) => a.at - b.at)
  const current = executors.map(() => 0)
  let peak = 0
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!
    current[ev.scenario] = ev.vus
    // Apply every change at the same instant before measuring.
    if (i + 1 < events.length && events[i + 1]!.at === ev.at) continue
    peak = Math.max(peak, current.reduce((a, b) => a + b, 0))
  }
  return peak
}

/** The test's maximum length including graceful stops (the header's "max duration"). */
export function maxTestDuration(executors: readonly Executor[]): number {
  return Math.max(0, ...executors.map((e) => e.config.startTime + e.maxDuration()))
}

export type { Executor, PlanStep }
