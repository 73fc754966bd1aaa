// Exponential backoff with jitter for reconnect loops: a restarted Kafka broker or MongoDB is
// retried quickly at first, then every few seconds, without every client hitting it in step.

export interface Backoff {
  next(): number
  reset(): void
}

export function exponentialBackoff(initialMs = 200, maxMs = 5_000, random: () => number = Math.random): Backoff {
  let attempt = 0
  return {
    next() {
      const base = Math.min(maxMs, initialMs * 2 ** attempt)
      attempt++
      return Math.round(base / 2 + (random() * base) / 2)
    },
    reset() {
      attempt = 0
    },
  }
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * Waits while `busy()` holds, at most `maxMs` (checked every `pollMs`), so a lower-priority
 * writer lets the other through; returns at once when `signal` aborts.
 */
export async function giveWay(busy: () => boolean, maxMs: number, signal?: AbortSignal, pollMs = 10): Promise<void> {
  const until = Date.now() + maxMs
  while (busy() && Date.now() < until && !signal?.aborted) await sleep(pollMs, signal)
}
