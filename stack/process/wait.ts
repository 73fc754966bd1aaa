// Polling with a deadline, for things that have no event to wait on (a port opening, a
// server answering its health query). Each attempt's error is kept so a timeout says why.
import { setTimeout as sleep } from 'node:timers/promises'

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError'
}

export interface WaitOptions {
  timeoutMs: number
  intervalMs?: number
  /** Shown in the timeout message: "timed out after 30s waiting for <what>". */
  what: string
  signal?: AbortSignal
}

/** Calls `attempt` until it returns a value other than undefined/false, or the deadline passes. */
export async function waitFor<T>(attempt: () => Promise<T | undefined | false>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs
  let lastError: unknown
  for (;;) {
    opts.signal?.throwIfAborted()
    try {
      const result = await attempt()
      if (result !== undefined && result !== false) return result
      lastError = undefined
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new WaitTimeoutError(`timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${opts.what}${why}`)
    }
    await sleep(opts.intervalMs ?? 250, undefined, opts.signal ? { signal: opts.signal } : undefined)
  }
}
