// Sub-millisecond timers for the arrival-rate schedule. Node's setTimeout has 1 ms resolution
// and wakes up to ~1 ms late, which alone would put the start-lag p99 near 2 ms at 5,000/s;
// a busy-wait would fix that at the price of a whole core. Instead, far deadlines use
// setTimeout (to ~1.5 ms before) and the last stretch is timed by a helper thread that
// sleeps in Atomics.wait (an OS futex, tens of µs precise, no CPU) and wakes the main loop
// with one message. Callbacks never run early.
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'

const ALARM_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const due = new Float64Array(workerData, 0, 1)
const gen = new Int32Array(workerData, 8, 1)
const now = () => Number(process.hrtime.bigint()) / 1e6
for (;;) {
  const g = Atomics.load(gen, 0)
  const d = due[0]
  if (d === 0) { Atomics.wait(gen, 0, g); continue }
  const left = d - now()
  if (left <= 0.005) { due[0] = 0; parentPort.postMessage(0); continue }
  Atomics.wait(gen, 0, g, left)
}
`

/** Milliseconds on the same monotonic clock in every thread (uv_hrtime). */
const hrNow = () => Number(process.hrtime.bigint()) / 1e6

interface Entry {
  due: number
  seq: number
  cb: () => void
  cancelled: boolean
}

/** Before a deadline closer than this, the helper thread takes over from setTimeout. */
const COARSE_MARGIN_MS = 1.5

export class PreciseTimer {
  readonly #heap: Entry[] = []
  #seq = 0
  #timeout: NodeJS.Timeout | undefined
  #worker: Worker | undefined
  #due: Float64Array | undefined
  #gen: Int32Array | undefined
  #armedFor = Infinity
  #online: Promise<void> | undefined
  readonly #offset = hrNow() - performance.now()

  /** Runs `cb` at performance.now() time `due` (or at once if past). Returns a cancel function. */
  at(due: number, cb: () => void): () => void {
    const e: Entry = { due, seq: this.#seq++, cb, cancelled: false }
    this.#push(e)
    if (this.#heap[0] === e) this.#arm()
    return () => {
      e.cancelled = true
    }
  }

  /** Starts the helper thread ahead of time (it takes ~20 ms to boot, too late for a schedule). */
  async warmUp(): Promise<void> {
    this.#ensureWorker()
    await this.#online
    this.#worker?.unref()
  }

  /** Stops the helper thread; pending callbacks are dropped. */
  async close(): Promise<void> {
    this.#heap.length = 0
    if (this.#timeout) clearTimeout(this.#timeout)
    const w = this.#worker
    this.#worker = undefined
    if (w) await w.terminate()
  }

  #fire = (): void => {
    this.#armedFor = Infinity
    const now = performance.now()
    while (this.#heap.length > 0 && this.#heap[0]!.due <= now) {
      const e = this.#pop()!
      if (!e.cancelled) e.cb()
    }
    this.#arm()
  }

  #arm(): void {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop()
    const next = this.#heap[0]
    if (!next) {
      this.#worker?.unref()
      return
    }
    if (next.due >= this.#armedFor) return
    if (this.#timeout) {
      clearTimeout(this.#timeout)
      this.#timeout = undefined
    }
    const delay = next.due - performance.now()
    if (delay <= 0) {
      this.#armedFor = next.due
      setImmediate(this.#fire)
      return
    }
    this.#armedFor = next.due
    if (delay > COARSE_MARGIN_MS + 1) {
      // Wake a little early, then hand the rest to the precise alarm.
      this.#timeout = setTimeout(() => {
        this.#timeout = undefined
        this.#armedFor = Infinity
        this.#arm()
      }, Math.floor(delay - COARSE_MARGIN_MS))
      return
    }
    this.#alarm(next.due)
  }

  #ensureWorker(): void {
    if (!this.#worker) {
      const sab = new SharedArrayBuffer(16)
      this.#due = new Float64Array(sab, 0, 1)
      this.#gen = new Int32Array(sab, 8, 1)
      this.#worker = new Worker(ALARM_SOURCE, { eval: true, workerData: sab })
      const w = this.#worker
      this.#online = new Promise((resolve) => {
        w.once('online', () => resolve())
        w.once('error', () => resolve())
      })
      w.on('message', this.#fire)
      this.#worker.on('error', () => {
        // Without the helper the schedule still runs on setTimeout alone, just coarser.
        this.#worker = undefined
      })
    }
  }

  #alarm(due: number): void {
    this.#ensureWorker()
    this.#worker?.ref()
    if (!this.#worker) {
      this.#timeout = setTimeout(this.#fire, Math.max(0, Math.ceil(due - performance.now())))
      return
    }
    this.#due![0] = due + this.#offset
    Atomics.add(this.#gen!, 0, 1)
    Atomics.notify(this.#gen!, 0)
  }

  #push(e: Entry): void {
    const h = this.#heap
    h.push(e)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  #pop(): Entry | undefined {
    const h = this.#heap
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && less(h[l]!, h[m]!)) m = l
        if (r < h.length && less(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq)
}
