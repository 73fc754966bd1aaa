import { afterEach, describe, expect, it, vi } from 'vitest'
import { retryReporter } from '../../processor/log.ts'

describe('retryReporter', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('logs the first failure, a reminder per interval, and the recovery', () => {
    vi.useFakeTimers()
    const lines: string[] = []
    const r = retryReporter((l) => lines.push(l), 30_000)
    r.failed('Kafka down', 200)
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(2_000)
      r.failed('Kafka down', 1_000)
    }
    expect(lines).toEqual(['Kafka down; retrying in 200 ms'])
    vi.advanceTimersByTime(15_000)
    r.failed('Kafka down', 1_000)
    expect(lines[1]).toBe('still failing after 12 attempts in 35 s: Kafka down')
    r.recovered('consuming again')
    r.recovered('consuming again')
    expect(lines.slice(2)).toEqual(['consuming again after 12 failed attempt(s) in 35 s'])
  })
})
