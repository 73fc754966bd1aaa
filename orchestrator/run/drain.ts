// Drain: after the load, wait until MongoDB holds every event the load wrote, or until no new
// event of the run has arrived for `stallMs` (--drain-timeout). A stall is the pipeline's
// answer ("stuck"), not a fixed wall-clock budget, so a long backlog that keeps moving drains.
import type { DrainOutcome } from '../reports/model.ts'
import { capDeadline, sleep, untilAborted } from './interrupt.ts'

export interface DrainOptions {
  /** Events the load committed (the target). */
  expected: number
  /** Events of the run in MongoDB now. */
  arrived: () => Promise<number>
  stallMs: number
  /** Hard cap, e.g. after a Ctrl-C (bounded drain): counted from when `capFrom` aborts, or from the start. */
  maxMs?: number
  /** The first Ctrl-C: a drain already running when it comes is bounded from then on. */
  capFrom?: AbortSignal
  pollMs?: number
  signal?: AbortSignal
  onProgress?: (arrived: number) => void
  now?: () => number
}

export async function drain(o: DrainOptions): Promise<DrainOutcome> {
  const now = o.now ?? Date.now
  const started = now()
  let last = -1
  let lastProgress = started
  const capped = capDeadline({ maxMs: o.maxMs, from: o.capFrom, now })
  for (;;) {
    let arrived: number
    try {
      // A count can take long on a store that scans; a second Ctrl-C does not wait for it.
      const n = await untilAborted(o.arrived(), o.signal)
      if (n === undefined) {
        const missing = Math.max(0, o.expected - Math.max(0, last))
        return { drained: false, waitedMs: now() - started, remaining: missing, reason: `stopped by a second interrupt with ${missing} of ${o.expected} events missing` }
      }
      arrived = n
    } catch (err) {
      arrived = Math.max(0, last)
      if (now() - lastProgress >= o.stallMs) {
        return { drained: false, waitedMs: now() - started, remaining: Math.max(0, o.expected - arrived), reason: `MongoDB could not be read: ${(err as Error).message}` }
      }
    }
    o.onProgress?.(arrived)
    if (arrived > last) {
      last = arrived
      lastProgress = now()
    }
    const waited = now() - started
    if (arrived >= o.expected) {
      return { drained: true, waitedMs: waited, remaining: 0, reason: `all ${o.expected} events in MongoDB after ${(waited / 1000).toFixed(1)}s` }
    }
    if (o.signal?.aborted) {
      return { drained: false, waitedMs: waited, remaining: o.expected - arrived, reason: `stopped by a second interrupt with ${o.expected - arrived} of ${o.expected} events missing` }
    }
    if (now() - lastProgress >= o.stallMs) {
      return { drained: false, waitedMs: waited, remaining: o.expected - arrived, reason: `no new event for ${(o.stallMs / 1000).toFixed(0)}s (--drain-timeout); ${o.expected - arrived} of ${o.expected} events missing` }
    }
    if (capped()) {
      return { drained: false, waitedMs: waited, remaining: o.expected - arrived, reason: `drain cut short after ${(waited / 1000).toFixed(0)}s (interrupted run); ${o.expected - arrived} of ${o.expected} events missing` }
    }
    await sleep(o.pollMs ?? 250, o.signal)
  }
}

/**
 * Waits until `remaining()` is 0 (e.g. the consumer group's uncommitted records), or until it
 * has not gone down for `stallMs`. Same bounds as drain().
 */
export async function settle(o: { remaining: () => Promise<number>; stallMs: number; maxMs?: number; capFrom?: AbortSignal; pollMs?: number; signal?: AbortSignal; now?: () => number }): Promise<{ settled: boolean; remaining: number; waitedMs: number }> {
  const now = o.now ?? Date.now
  const started = now()
  let best = Infinity
  let lastProgress = started
  const capped = capDeadline({ maxMs: o.maxMs, from: o.capFrom, now })
  for (;;) {
    const left = await untilAborted(o.remaining(), o.signal)
    if (left === undefined) return { settled: false, remaining: best === Infinity ? 0 : best, waitedMs: now() - started }
    if (left < best) {
      best = left
      lastProgress = now()
    }
    const waitedMs = now() - started
    if (left <= 0) return { settled: true, remaining: 0, waitedMs }
    if (o.signal?.aborted || now() - lastProgress >= o.stallMs || capped()) return { settled: false, remaining: left, waitedMs }
    await sleep(o.pollMs ?? 250, o.signal)
  }
}
