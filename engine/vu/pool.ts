// The VU pool. VUs are initialized before the test (as many as the execution plan needs at
// once), handed to scenarios at their start and given back at their end, keeping their JS
// state (k6 reuses VUs across scenarios without re-running init).
import type { TestState } from '../run/test-state.ts'
import { VU } from './vu.ts'

export class VuPool {
  readonly #idle: VU[] = []
  readonly all: VU[] = []

  constructor(private readonly state: TestState) {}

  /** Creates and initializes the next VU (runs the script's init context). */
  create(): VU {
    const id = this.all.length + 1
    const idInTest = this.state.segment.tuple.globalIndex(id - 1) + 1
    const vu = new VU(id, idInTest, this.state)
    vu.init()
    this.all.push(vu)
    this.state.vusInitialized = this.all.length
    return vu
  }

  /** Takes `n` idle VUs; initializes more if the plan was short (with a warning). */
  take(n: number, scenario: string): VU[] {
    const out: VU[] = []
    while (out.length < n && this.#idle.length > 0) out.push(this.#idle.shift()!)
    if (out.length < n) {
      this.state.log.warn(`scenario ${scenario}: the VU plan was short by ${n - out.length} VUs; initializing them now`)
      while (out.length < n) out.push(this.create())
    }
    return out
  }

  give(vus: readonly VU[]): void {
    for (const vu of vus) {
      vu.deactivate()
      this.#idle.push(vu)
    }
  }

  /** Makes a freshly created VU available (pre-test initialization). */
  addIdle(vu: VU): void {
    this.#idle.push(vu)
  }
}
