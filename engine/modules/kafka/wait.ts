// Waiting that cannot hang: every wait in k6/x/kafka ends at a deadline or when the VU's
// iteration is aborted (graceful stop over, test aborted), whichever comes first.

export class WaitInterrupted extends Error {
  constructor(readonly reason: 'timeout' | 'canceled') {
    // The texts are Go's context errors, which xk6-kafka wraps.
    super(reason === 'timeout' ? 'context deadline exceeded' : 'context canceled')
    this.name = 'WaitInterrupted'
  }
}

/** Settles with `work`, or rejects early when `signal` aborts or `timeoutMs` (> 0) passes. */
export function bounded<T>(work: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number): Promise<T> {
  if (!signal && !(timeoutMs > 0)) return work
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    const finish = (settle: () => void): void => {
      if (timer) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      settle()
    }
    const onAbort = (): void => finish(() => reject(new WaitInterrupted('canceled')))
    if (signal?.aborted) {
      onAbort()
      return
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    if (timeoutMs > 0) timer = setTimeout(() => finish(() => reject(new WaitInterrupted('timeout'))), timeoutMs)
    work.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e instanceof Error ? e : new Error(String(e)))),
    )
  })
}

/** Sleeps `ms`, ending early (rejecting) when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return bounded(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal, 0)
}
