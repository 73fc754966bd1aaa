// The await rule (ARCHITECTURE.md): extension I/O and sleep() return promises in Node. A call
// whose promise nobody awaited by the end of its iteration came from a script written for
// k6's synchronous API; its timing would silently be wrong, so it is reported once per call
// site, with the script position and the fix, and counted.
//
// "Awaited" is observed through `then`: `await p` on a promise whose constructor is not the
// plain Promise calls p.then (ECMAScript PromiseResolve), and so do .catch/.finally and
// Promise.all. A subclass is therefore enough to see it, without async_hooks.
import type { SourcePosition } from '../loader/source-map.ts'

export class TrackedPromise<T> extends Promise<T> {
  awaited = false
  settled = false

  // Derived promises (from then/catch) are plain promises: only the tracked one is watched.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise
  }

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.awaited = true
    return super.then(onFulfilled, onRejected)
  }
}

export interface TrackedCall {
  readonly promise: TrackedPromise<unknown>
  readonly call: string
  /** Holds the V8 stack of the call, formatted only if it has to be reported. */
  readonly site: { stack?: string }
}

export interface UnawaitedSite {
  readonly call: string
  readonly location: string
  count: number
}

export class AwaitRuleReport {
  readonly #sites = new Map<string, UnawaitedSite>()
  total = 0

  constructor(private readonly warn: (message: string) => void) {}

  record(call: string, where: SourcePosition | undefined): void {
    this.total++
    const location = where ? `${where.file}:${where.line}:${where.column}` : 'an unknown script position'
    const key = `${call}@${location}`
    const hit = this.#sites.get(key)
    if (hit) {
      hit.count++
      return
    }
    this.#sites.set(key, { call, location, count: 1 })
    const fn = call.replace(/\(.*$/, '')
    this.warn(
      `${fn}(...) at ${location} was not awaited: the iteration ended before its promise was observed, so this call ran in the background and its time was not part of the iteration. Fix: add \`await\` before ${fn}(...) and make the function it is in async (k6 accepts await on its synchronous calls, so the script stays valid for k6)`,
    )
  }

  sites(): UnawaitedSite[] {
    return [...this.#sites.values()]
  }
}
