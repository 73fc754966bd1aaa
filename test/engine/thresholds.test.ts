// Thresholds (semantics §4; pitfall 11): syntax, aggregations per type, sub-metrics, periodic
// evaluation with abortOnFail/delayAbortEval, and the exit codes.
import { describe, expect, it } from 'vitest'
import { ExitCode } from '../../engine/index.ts'
import { parseThresholdExpr } from '../../engine/thresholds/parse.ts'
import { runFixture } from './support/run.ts'

const run = (options: object, env: Record<string, string> = {}, cli: Record<string, unknown> = {}) =>
  runFixture('configurable', { env: { OPTIONS: JSON.stringify(options), ...env }, cli })

describe('threshold expressions', () => {
  it('split on the first operator in k6 order; == and === are the same', () => {
    expect(parseThresholdExpr('p(95)<500')).toMatchObject({ aggregationText: 'p(95)', op: '<', value: 500 })
    expect(parseThresholdExpr(' avg >= 10.5 ')).toMatchObject({ aggregationText: 'avg', op: '>=', value: 10.5 })
    expect(parseThresholdExpr('count===0')).toMatchObject({ op: '==', value: 0 })
    expect(parseThresholdExpr('p(99.9)<=1')).toMatchObject({ aggregation: { kind: 'p', p: 99.9 } })
    expect(() => parseThresholdExpr('p(95)')).toThrow(/no comparison operator/)
    expect(() => parseThresholdExpr('p(101)<5')).toThrow(/outside 0..100/)
    expect(() => parseThresholdExpr('avg<abc')).toThrow(/not a number/)
  })
})

describe('threshold evaluation', () => {
  it('p(95)<10 on a 20 ms sleep -> exit 99, shown as ✗ in the summary', async () => {
    const r = await run({ iterations: 5, thresholds: { iteration_duration: ['p(95)<10'] } }, { SLEEP_MS: '20' })
    expect(r.result.exitCode).toBe(ExitCode.THRESHOLDS_FAILED)
    expect(r.result.thresholds).toEqual([expect.objectContaining({ metric: 'iteration_duration', threshold: 'p(95)<10', ok: false })])
    expect(r.stdout).toMatch(/✗ 'p\(95\)<10' p\(95\)=2\d\.\d+ms/)
    expect(r.result.summary!.metrics.iteration_duration!.thresholds).toEqual({ 'p(95)<10': { ok: false } })
  })

  it('passing thresholds -> exit 0 with ✓', async () => {
    const r = await run({ iterations: 3, thresholds: { iteration_duration: ['p(95)<5000', 'max<5000'], iterations: ['count==3'] } })
    expect(r.result.exitCode).toBe(0)
    expect(r.stdout).toContain("✓ 'count==3' count=3")
  })

  it('--no-thresholds skips evaluation', async () => {
    const r = await run({ iterations: 2, thresholds: { iteration_duration: ['p(95)<0'] } }, {}, { noThresholds: true })
    expect(r.result.exitCode).toBe(0)
  })

  it('sub-metric thresholds see only samples whose tags contain the selector', async () => {
    const options = {
      scenarios: {
        a: { executor: 'shared-iterations', iterations: 3 },
        b: { executor: 'shared-iterations', iterations: 2, exec: 'other' },
      },
      thresholds: { "started{kind:'other'}": ['count==2'], 'started{scenario:a}': ['count==3'], started: ['count==5'] },
    }
    const r = await run(options)
    expect(r.result.exitCode).toBe(0)
    expect(r.result.thresholds.every((t) => t.ok)).toBe(true)
    expect(r.result.summary!.metrics["started{kind:'other'}"]!.values.count).toBe(2)
  })

  it('empty metrics: an empty Rate passes, an empty Trend is 0 (p(95)<500 passes, avg>10 fails)', async () => {
    const options = {
      iterations: 1,
      thresholds: { checks: ['rate>0.99'], start_offset: ['p(95)<500'], "start_offset{kind:never}": ['avg>10'] },
    }
    const r = await run(options)
    const byExpr = Object.fromEntries(r.result.thresholds.map((t) => [`${t.metric} ${t.threshold}`, t.ok]))
    expect(byExpr['checks rate>0.99']).toBe(true)
    expect(byExpr['start_offset p(95)<500']).toBe(true)
    expect(byExpr['start_offset{kind:never} avg>10']).toBe(false)
    expect(r.result.exitCode).toBe(ExitCode.THRESHOLDS_FAILED)
  })

  it('abortOnFail stops the run at the periodic check (2 s), exit 99, teardown/summary still run', async () => {
    const options = {
      scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '20s' } },
      thresholds: { iteration_duration: [{ threshold: 'max<10', abortOnFail: true }] },
    }
    const r = await run(options, { SLEEP_MS: '30' })
    expect(r.result.exitCode).toBe(ExitCode.THRESHOLDS_FAILED)
    expect(r.result.durationMs).toBeLessThan(5000)
    expect(r.result.summary).toBeDefined()
  })

  it('delayAbortEval postpones the abort', async () => {
    const options = {
      scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '20s' } },
      thresholds: { iteration_duration: [{ threshold: 'max<10', abortOnFail: true, delayAbortEval: '3s' }] },
    }
    const r = await run(options, { SLEEP_MS: '30' })
    expect(r.result.exitCode).toBe(ExitCode.THRESHOLDS_FAILED)
    // First periodic check at/after 3 s is the one at 4 s.
    expect(r.result.durationMs).toBeGreaterThan(3500)
    expect(r.result.durationMs).toBeLessThan(7000)
  })

  it('104 for an unknown metric, a wrong aggregation for the type, or bad syntax', async () => {
    for (const [thresholds, msg] of [
      [{ nope: ['count>0'] }, /no metric named "nope"/],
      [{ iteration_duration: ['count>0'] }, /does not exist for a trend metric/],
      [{ iterations: ['value>0'] }, /does not exist for a counter metric/],
      [{ iterations: ['count 0'] }, /no comparison operator/],
      [{ 'iterations{}': ['count>0'] }, /empty selector/],
    ] as const) {
      const r = await run({ iterations: 1, thresholds })
      expect(r.result.exitCode).toBe(ExitCode.INVALID_CONFIG)
      expect(r.result.error).toMatch(msg)
    }
  })
})
