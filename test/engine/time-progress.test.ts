// exec.scenario.progress of the time-bound executors (constant-vus, ramping-vus, the
// arrival-rate ones): k6 documents it as a fraction 0..1 of the scenario's regular duration.
import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { timeProgress } from '../../engine/executors/common.ts'

describe('timeProgress', () => {
  it('is 0 before the scenario has started', () => {
    expect(timeProgress(0, 10_000)).toBe(0)
  })

  it('is the elapsed share of the length, capped at 1', () => {
    const now = performance.now()
    const half = timeProgress(now - 5_000, 10_000)
    expect(half).toBeGreaterThanOrEqual(0.5)
    expect(half).toBeLessThan(0.6)
    expect(timeProgress(now - 20_000, 10_000)).toBe(1)
  })

  it('is 1 at once for a zero-length schedule once started', () => {
    expect(timeProgress(performance.now(), 0)).toBe(1)
  })
})
