// Exit codes and error paths as k6 documents them (semantics §4.3, pitfalls 4, 9, 10).
import { describe, expect, it } from 'vitest'
import { ExitCode } from '../../engine/index.ts'
import { runFixture } from './support/run.ts'

const run = (mode: string) => runFixture('errors', { env: { MODE: mode } })

describe('exit codes', () => {
  it('0 for a clean run', async () => {
    const r = await run('')
    expect(r.result.exitCode).toBe(ExitCode.OK)
  })

  it('an exception in an iteration is logged, the iteration still counts, exit stays 0', async () => {
    const r = await run('iter-throw')
    expect(r.result.exitCode).toBe(0)
    expect(r.sum('iterations')).toBeGreaterThan(10)
    expect(r.of('iteration_duration')).toHaveLength(r.sum('iterations'))
    expect(r.logs.some((l) => l.startsWith('ERRO') && l.includes('iteration exploded') && l.includes('errors.ts:'))).toBe(true)
  })

  it('107 when setup() throws; teardown does not run', async () => {
    const r = await run('setup-throw')
    expect(r.result.exitCode).toBe(ExitCode.SCRIPT_EXCEPTION)
    expect(r.sum('iterations')).toBe(0)
    expect(r.console()).not.toContain('teardown ran')
  })

  it('100 when setup() outlives setupTimeout', async () => {
    const r = await runFixture('errors', { env: { MODE: 'setup-slow' }, cli: { setupTimeout: '1s' } })
    expect(r.result.exitCode).toBe(ExitCode.SETUP_TIMEOUT)
    expect(r.result.error).toMatch(/setup\(\) execution timed out after 1 seconds/)
    expect(r.sum('iterations')).toBe(0)
  })

  it('107 when teardown() throws', async () => {
    const r = await run('teardown-throw')
    expect(r.result.exitCode).toBe(ExitCode.SCRIPT_EXCEPTION)
    expect(r.console()).toContain('teardown ran')
  })

  it('108 on test.abort(): the run stops at once, teardown and summary still run', async () => {
    const r = await run('abort')
    expect(r.result.exitCode).toBe(ExitCode.SCRIPT_ABORTED)
    expect(r.result.durationMs).toBeLessThan(1500)
    expect(r.console()).toContain('teardown ran')
    expect(r.result.summary).toBeDefined()
  })

  it('108 on test.abort() in the init context', async () => {
    const r = await run('abort-init')
    expect(r.result.exitCode).toBe(ExitCode.SCRIPT_ABORTED)
  })

  it('110 on test.fail(): the run goes on to the end', async () => {
    const r = await run('fail')
    expect(r.result.exitCode).toBe(ExitCode.MARKED_AS_FAILED)
    expect(r.result.durationMs).toBeGreaterThan(1900)
  })

  it('105 when stopped by a signal: graceful, teardown still runs', async () => {
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 500)
    const r = await runFixture('errors', { env: { MODE: '' }, signal: stop.signal })
    expect(r.result.exitCode).toBe(ExitCode.EXTERNAL_ABORT)
    expect(r.result.durationMs).toBeLessThan(1500)
    expect(r.console()).toContain('teardown ran')
    // Graceful: running iterations were allowed to finish.
    expect(r.result.iterationsInterrupted).toBe(0)
  })
})
