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
