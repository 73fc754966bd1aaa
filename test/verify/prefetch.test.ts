import { describe, expect, it } from 'vitest'
import { prefetch } from '../../orchestrator/verify/prefetch.ts'

async function* slowSource(n: number, log: string[], failAt?: number): AsyncGenerator<number> {
  try {
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, 1))
      if (i === failAt) throw new Error(`boom at ${i}`)
      log.push(`produced ${i}`)
      yield i
    }
  } finally {
    log.push('source closed')
  }
}

describe('prefetch', () => {
  it('yields everything in order and reads ahead while the consumer works', async () => {
    const log: string[] = []
    const out: number[] = []
    for await (const x of prefetch(slowSource(20, log), 5)) {
      if (x === 0) await new Promise((r) => setTimeout(r, 30)) // the consumer is busy
      log.push(`consumed ${x}`)
      out.push(x)
    }
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i))
    // while item 0 was being consumed, more items were already produced
    expect(log.indexOf('produced 2')).toBeLessThan(log.indexOf('consumed 0'))
    expect(log.filter((l) => l.startsWith('produced')).length).toBe(20)
  })

  it('never holds more than `max` items ahead', async () => {
    const log: string[] = []
    for await (const x of prefetch(slowSource(30, log), 4)) {
      await new Promise((r) => setTimeout(r, 5))
      const produced = log.filter((l) => l.startsWith('produced')).length
      expect(produced - (x + 1)).toBeLessThanOrEqual(4)
    }
  })

  it('passes errors on and closes the source when the consumer stops early', async () => {
    await expect(async () => {
      for await (const x of prefetch(slowSource(10, [], 3), 2)) void x
    }).rejects.toThrow('boom at 3')
    const log: string[] = []
    for await (const x of prefetch(slowSource(100, log), 3)) if (x === 2) break
    expect(log).toContain('source closed')
  })
})
