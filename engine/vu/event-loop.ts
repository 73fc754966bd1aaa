// A VU's share of the event loop: k6 ends an iteration only when the VU's event loop is empty
// (its timers fired or were cleared, its async module calls settled). Node has one loop for
// all VUs, so each VU counts what it holds open and the iteration waits for its own count.
export class VuEventLoop {
  #pending = 0
  #waiters: Array<() => void> = []

  /** Marks one operation open; call the returned function once when it is done. */
  hold(): () => void {
    this.#pending++
    let released = false
    return () => {
      if (released) return
      released = true
      this.#pending--
      if (this.#pending === 0) this.#wake()
    }
  }

  get pending(): number {
    return this.#pending
  }

  whenIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  /** Forgets everything held (after an interrupted iteration). */
  reset(): void {
    this.#pending = 0
    this.#wake()
  }

  #wake(): void {
    const w = this.#waiters
    this.#waiters = []
    for (const f of w) f()
  }
}
