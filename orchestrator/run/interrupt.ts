// Ctrl-C as k6 has it: the first SIGINT/SIGTERM asks for a graceful stop (the load stops,
// drain is bounded, verification and reports still happen); the second stops at once and the
// run writes what it has. Waits take `hard` so a second signal ends them.
export class Interrupt {
  readonly graceful = new AbortController()
  readonly hard = new AbortController()
  count = 0
  signal: NodeJS.Signals | undefined

  trigger(signal: NodeJS.Signals = 'SIGINT'): 'graceful' | 'hard' {
    this.count++
    this.signal ??= signal
    if (this.count === 1) {
      this.graceful.abort()
      return 'graceful'
    }
    this.hard.abort()
    return 'hard'
  }

  get interrupted(): boolean {
    return this.count > 0
  }
}

/** Resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** `p`'s value, or undefined as soon as `signal` aborts (p keeps running; its rejection is dropped). */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return p
  if (signal.aborted) {
    p.catch(() => undefined)
    return Promise.resolve(undefined)
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => {
      p.catch(() => undefined)
      resolve(undefined)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err instanceof Error ? err : new Error(String(err)))
      },
    )
  })
}

/**
 * When a bound like "at most 30 s after a Ctrl-C" runs out: `maxMs` counted from the moment
 * `from` aborted (at once if it already has), or from now when there is no `from`.
 */
export function capDeadline(o: { maxMs?: number | undefined; from?: AbortSignal | undefined; now: () => number }): () => boolean {
  if (o.maxMs === undefined) return () => false
  const maxMs = o.maxMs
  let start: number | undefined = !o.from || o.from.aborted ? o.now() : undefined
  o.from?.addEventListener('abort', () => (start ??= o.now()), { once: true })
  return () => start !== undefined && o.now() - start >= maxMs
}
