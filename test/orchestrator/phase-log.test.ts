// Phases as the run records them; a phase cut short by the second Ctrl-C is skipped at once,
// even when its work only notices the signal later (a long MongoDB scan between checkpoints).
import { describe, expect, it } from 'vitest'
import { PhaseLog } from '../../orchestrator/run/phase-log.ts'

describe('phase log', () => {
  it('records a phase stopped by the signal as skipped without waiting for its work', async () => {
    const lines: string[] = []
    const phases = new PhaseLog((l) => lines.push(l))
    const stop = new AbortController()
    let rejectWork: (err: Error) => void = () => undefined
    const pending = phases.runUnless(stop.signal, 'stopped by a second interrupt', 'verify', () => new Promise((_, reject) => (rejectWork = reject)))
    stop.abort()
    await expect(pending).resolves.toBeUndefined()
    expect(phases.records).toEqual([expect.objectContaining({ name: 'verify', status: 'skipped', detail: 'stopped by a second interrupt' })])
    rejectWork(new Error('verification aborted')) // the work ending later changes nothing and is not unhandled
    await new Promise((r) => setTimeout(r, 10))
    expect(phases.records).toHaveLength(1)
    expect(lines[0]).toMatch(/^- verify\s+skipped\s+stopped by a second interrupt/)
  })

  it('records a phase that ends normally with its detail, and a failure as failed', async () => {
    const phases = new PhaseLog(() => undefined)
    const stop = new AbortController()
    await expect(phases.runUnless(stop.signal, 'x', 'drain', () => Promise.resolve({ value: 7, detail: 'all in' }))).resolves.toBe(7)
    await expect(phases.runUnless(stop.signal, 'x', 'verify', () => Promise.reject(new Error('boom\nmore')))).rejects.toThrow('boom')
    expect(phases.records.map((r) => [r.name, r.status, r.detail])).toEqual([['drain', 'ok', 'all in'], ['verify', 'failed', 'boom']])
  })
})
