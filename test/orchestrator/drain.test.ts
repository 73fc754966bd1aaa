// Drain: done when MongoDB holds every event; "not drained" when nothing new arrives for the
// stall timeout; bounded after a Ctrl-C. A fake clock drives it (no real waiting).
import { describe, expect, it } from 'vitest'
import { drain } from '../../orchestrator/run/drain.ts'

function clock() {
  let t = 0
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('drain', () => {
  it('ends as soon as every expected event arrived', async () => {
    const c = clock()
    const seq = [3, 7, 10]
    const d = await drain({ expected: 10, arrived: () => { c.advance(500); return Promise.resolve(seq.shift() ?? 10) }, stallMs: 5000, pollMs: 0, now: c.now })
    expect(d).toMatchObject({ drained: true, remaining: 0 })
  })

  it('keeps waiting while events trickle in, and stops after --drain-timeout without progress', async () => {
    const c = clock()
    let n = 0
    const d = await drain({
      expected: 100,
      arrived: () => {
        c.advance(1000)
        if (n < 40) n += 10 // 4 s of progress, then stuck
        return Promise.resolve(n)
      },
      stallMs: 3000,
      pollMs: 0,
      now: c.now,
    })
    expect(d.drained).toBe(false)
    expect(d.remaining).toBe(60)
    expect(d.reason).toContain('no new event for 3s')
    expect(d.waitedMs).toBeGreaterThanOrEqual(4000 + 3000)
  })

  it('is bounded by maxMs even when events keep arriving (interrupted run)', async () => {
    const c = clock()
    let n = 0
    const d = await drain({ expected: 1e9, arrived: () => { c.advance(1000); return Promise.resolve(++n) }, stallMs: 5000, maxMs: 10_000, pollMs: 0, now: c.now })
    expect(d).toMatchObject({ drained: false })
    expect(d.reason).toContain('cut short')
  })

  it('a first Ctrl-C during the drain bounds it from that moment, not from the start', async () => {
    const c = clock()
    const firstCtrlC = new AbortController()
    let n = 0
    const d = await drain({
      expected: 1e9,
      arrived: () => {
        c.advance(1000)
        if (c.now() === 60_000) firstCtrlC.abort() // a minute into a long, moving drain
        return Promise.resolve(++n)
      },
      stallMs: 5000,
      maxMs: 10_000,
      capFrom: firstCtrlC.signal,
      pollMs: 0,
      now: c.now,
    })
    expect(d.reason).toContain('cut short')
    expect(d.waitedMs).toBe(70_000)
  })

  it('a second Ctrl-C does not wait for a count in flight', async () => {
    const second = new AbortController()
    let calls = 0
    const pending = drain({
      expected: 10,
      // The second count hangs, like a scan of a large collection on FerretDB.
      arrived: () => (++calls === 1 ? Promise.resolve(2) : new Promise<number>(() => undefined)),
      stallMs: 60_000,
      pollMs: 0,
      signal: second.signal,
    })
    await new Promise((r) => setTimeout(r, 20))
    second.abort()
    const d = await pending
    expect(d).toMatchObject({ drained: false, remaining: 8 })
    expect(d.reason).toContain('second interrupt')
  })
})

