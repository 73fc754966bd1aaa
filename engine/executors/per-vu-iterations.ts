// per-vu-iterations: each VU runs exactly `iterations` back to back. At maxDuration each VU
// stops starting new ones and emits its own dropped_iterations sample for the rest. With
// segments only `vus` is split; the per-VU count stays.
import type { PerVuIterationsConfig } from '../options/types.ts'
import type { VU } from '../vu/vu.ts'
import { emitDropped, go, suffix } from './common.ts'
import type { ExecutorContext } from './executor.ts'
import { LoopingVus } from './looping-vus.ts'

export class PerVuIterations extends LoopingVus<PerVuIterationsConfig> {
  #done = 0

  protected regularLength(): number {
    return this.config.maxDuration
  }
  protected progress(): number {
    const total = this.vus * this.config.iterations
    return total === 0 ? 1 : Math.min(1, this.#done / total)
  }
  describe(): string {
    return `${this.config.iterations} iterations for each of ${this.vus} VUs ${suffix(this.config, [`maxDuration: ${go(this.config.maxDuration)}`])}`
  }

  async run(ctx: ExecutorContext): Promise<void> {
    const started = new Map<VU, number>()
    const claim = (vu: VU) => {
      const n = started.get(vu) ?? 0
      if (n >= this.config.iterations) return false
      started.set(vu, n + 1)
      this.#done++
      return true
    }
    // A VU done with its quota is given back at once, so those still held at the end are the
    // ones with iterations left.
    const held = await this.loop(ctx, claim, true)
    for (const vu of held) emitDropped(ctx.state, this.config, this.config.iterations - (started.get(vu) ?? 0))
  }
}
