// How many `_id` lookups the live view may make per look: as many as fit in `lookMs` at the rate
// the store has just sustained, so a look stays about that long whether FerretDB answers in
// 0.3 ms or, loaded by the run, in 3 ms, and the watch's share of the store's time stays bounded
// (about lookMs per poll interval, PER_ID_CONCURRENCY lookups in flight) instead of the budget
// being fixed and the look stretching with the load. Only looks that used most of their budget
// say what the store sustains; a look with little to do is mostly round-trip latency.
export interface PacerOptions {
  /** time a look should take */
  lookMs: number
  min: number
  max: number
  initial: number
  /** window for `perSecond` */
  windowMs?: number
}

export class LookupPacer {
  #budget: number
  /** lookups per ms, smoothed */
  #rate: number | undefined
  #history: { at: number; looked: number }[] = []
  #total = 0
  #first: number | undefined
  readonly #windowMs: number

  constructor(private readonly o: PacerOptions) {
    if (!(o.min >= 1 && o.max >= o.min && o.lookMs > 0)) throw new Error(`lookup pacer: need 1 <= min <= max and lookMs > 0, got ${JSON.stringify(o)}`)
    this.#budget = Math.min(o.max, Math.max(o.min, Math.round(o.initial)))
    this.#windowMs = o.windowMs ?? 10_000
  }

  get budget(): number {
    return this.#budget
  }

  /** Lookups made since the start. */
  get total(): number {
    return this.#total
  }

  /** A look made `looked` lookups in `tookMs` (ending at `now`). */
  record(looked: number, tookMs: number, now: number): void {
    this.#total += looked
    this.#first ??= now - tookMs
    this.#history.push({ at: now, looked })
    while (this.#history.length && this.#history[0]!.at <= now - this.#windowMs) this.#history.shift()
    if (looked < this.#budget / 2 || tookMs <= 0) return
    const measured = looked / tookMs
    this.#rate = this.#rate === undefined ? measured : (this.#rate + measured) / 2
    this.#budget = Math.min(this.o.max, Math.max(this.o.min, Math.round(this.#rate * this.o.lookMs)))
  }

  /** Lookups per second over the last window (the observer's load on the store). */
  perSecond(now: number): number {
    const since = now - this.#windowMs
    let n = 0
    for (const h of this.#history) if (h.at > since) n += h.looked
    const spanMs = Math.min(this.#windowMs, now - (this.#first ?? now))
    return spanMs > 0 ? n / (spanMs / 1000) : 0
  }
}
