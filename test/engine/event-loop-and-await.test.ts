// The iteration waits for the VU's event loop (pitfall 18), and the await rule: a call whose
// promise was never awaited is reported at its TypeScript position and counted, never
// silently mis-timed (ARCHITECTURE.md).
import { describe, expect, it } from 'vitest'
import { fixturePath } from './support/bundle.ts'
import { runFixture } from './support/run.ts'

describe('event loop', () => {
  it('an iteration ends only after its pending timers fired', async () => {
    const r = await runFixture('event-loop')
    expect(r.sum('timer_fired')).toBe(2)
    for (const d of r.of('iteration_duration')) expect(d.value).toBeGreaterThanOrEqual(149)
  })
})

describe('the await rule', () => {
  it('reports an un-awaited sleep() once per call site with the .ts location and counts every call', async () => {
    const r = await runFixture('await-rule')
    expect(r.result.exitCode).toBe(0)
    expect(r.result.unawaited).toHaveLength(1)
    const site = r.result.unawaited[0]!
    expect(site.call).toBe('sleep')
    expect(site.count).toBe(3)
    expect(site.location).toBe(`file://${fixturePath('await-rule')}:8:3`)
    const warnings = r.logs.filter((l) => l.includes('was not awaited'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('add `await` before sleep(...)')
  })

  it('still waits for the call before ending the iteration', async () => {
    const r = await runFixture('await-rule')
    for (const d of r.of('iteration_duration')) expect(d.value).toBeGreaterThanOrEqual(49)
  })

  it('does not report awaited calls', async () => {
    const r = await runFixture('configurable', { env: { OPTIONS: JSON.stringify({ iterations: 2 }), SLEEP_MS: '10' } })
    expect(r.result.unawaited).toHaveLength(0)
  })
})
