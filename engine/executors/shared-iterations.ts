// shared-iterations: `vus` VUs loop, claiming iterations from one shared counter until
// `iterations` are claimed (faster VUs run more); ends early when they are all done. At
// maxDuration no more are claimed, and the never-claimed ones are ONE dropped_iterations
// sample.
import type { SharedIterationsConfig } from '../options/types.ts'
import { tupleFromValue, type ExecutionTuple, type SegmentSetup } from '../segments/striping.ts'
import { emitDropped, go, suffix } from './common.ts'
import type { ExecutorContext } from './executor.ts'
import { LoopingVus } from './looping-vus.ts'

export class SharedIterations extends LoopingVus<SharedIterationsConfig> {
  readonly iterations: number
  #claimed = 0

  constructor(config: SharedIterationsConfig, segment: SegmentSetup) {
    super(config, segment)
    this.iterations = tupleFromValue(segment, config.vus).scale(config.iterations)
  }

  protected regularLength(): number {
    return this.config.maxDuration
  }
  protected progress(): number {
    return this.iterations === 0 ? 1 : Math.min(1, this.#claimed / this.iterations)
  }
  protected override iterationTuple(): ExecutionTuple {
    return tupleFromValue(this.segment, this.config.vus)
  }
  describe(): string {
    return `${this.iterations} iterations shared among ${this.vus} VUs ${suffix(this.config, [`maxDuration: ${go(this.config.maxDuration)}`])}`
  }

  async run(ctx: ExecutorContext): Promise<void> {
    if (this.vus === 0 || this.iterations === 0) return
    await this.loop(ctx, () => {
      if (this.#claimed >= this.iterations) return false
      this.#claimed++
      return true
    })
    emitDropped(ctx.state, this.config, this.iterations - this.#claimed)
  }
}
