// setTimeout/setInterval as a k6 VU sees them (globals and `k6/timers`): numeric ids, and
// every pending timer keeps the VU's iteration open, as in k6's per-VU event loop.
import type { VuEventLoop } from './event-loop.ts'

type Callback = (...args: unknown[]) => unknown

interface Entry {
  handle: NodeJS.Timeout
  release: () => void
}

export class VuTimers {
  readonly #entries = new Map<number, Entry>()
  #next = 1

  constructor(
    private readonly loop: VuEventLoop,
    private readonly onError: (err: unknown) => void,
  ) {}

  setTimeout = (cb: unknown, ms?: unknown, ...args: unknown[]): number => {
    const fn = asCallback(cb, 'setTimeout')
    const id = this.#next++
    const release = this.loop.hold()
    const handle = setTimeout(() => {
      this.#entries.delete(id)
      try {
        fn(...args)
      } catch (err) {
        this.onError(err)
      } finally {
        release()
      }
    }, toMs(ms))
    this.#entries.set(id, { handle, release })
    return id
  }

  clearTimeout = (id: unknown): void => {
    const e = this.#entries.get(Number(id))
    if (!e) return
    clearTimeout(e.handle)
    this.#entries.delete(Number(id))
    e.release()
  }

  setInterval = (cb: unknown, ms?: unknown, ...args: unknown[]): number => {
    const fn = asCallback(cb, 'setInterval')
    const id = this.#next++
    const release = this.loop.hold()
    const handle = setInterval(() => {
      try {
        fn(...args)
      } catch (err) {
        this.onError(err)
      }
    }, toMs(ms))
    this.#entries.set(id, { handle, release })
    return id
  }

  clearInterval = (id: unknown): void => this.clearTimeout(id)

  /** Drops every pending timer (interrupted iteration, VU shutdown). */
  clearAll(): void {
    for (const [id] of this.#entries) this.clearTimeout(id)
  }
}

function asCallback(cb: unknown, name: string): Callback {
  if (typeof cb !== 'function') throw new TypeError(`${name}: the first argument must be a function`)
  return cb as Callback
}

function toMs(ms: unknown): number {
  const n = Number(ms ?? 0)
  return Number.isFinite(n) && n > 0 ? n : 0
}
