// shared-iterations: `vus` VUs loop, claiming iterations from one shared counter until
// `iterations` are claimed (faster VUs run more); ends early when they are all done. At
// maxDuration no more are claimed, and the never-claimed ones are ONE dropped_iterations
// sample.
import type { SharedIterationsConfig } from '../options/types.ts'
import { tupleFromValue, type SegmentSetup } from '../segments/striping.ts'
import { emitDropped, go, suffix } from './common.ts'
import type { Executor, ExecutorContext, PlanStep } from './executor.ts'
import { ScenarioRuntime } from './scenario-runtime.ts'
import { loopVU, supervise } from './supervise.ts'

export class SharedIterations implements Executor {
  readonly vus: number
  readonly iterations: number
  #claimed = 0
  #runtime: ScenarioRuntime | undefined

  constructor(
    readonly config: SharedIterationsConfig,
    private readonly segment: SegmentSetup,
  ) {
    this.vus = segment.tuple.scale(config.vus)
    this.iterations = tupleFromValue(segment, config.vus).scale(config.iterations)
  }

  plan(): PlanStep[] {
    return [
      { at: 0, vus: this.vus },
      { at: this.maxDuration(), vus: 0 },
    ]
  }
  maxVUs(): number {
    return this.vus
  }
  maxDuration(): number {
    return this.config.maxDuration + this.config.gracefulStop
  }
  describe(): string {
    return `${this.iterations} iterations shared among ${this.vus} VUs ${suffix(this.config, [`maxDuration: ${go(this.config.maxDuration)}`])}`
  }

  info(): ScenarioRuntime {
    this.#runtime ??= new ScenarioRuntime(this.config, tupleFromValue(this.segment, this.config.vus), () =>
      this.iterations === 0 ? 1 : Math.min(1, this.#claimed / this.iterations),
    )
    return this.#runtime
  }

  async run(ctx: ExecutorContext): Promise<void> {
    if (this.vus === 0 || this.iterations === 0) return
    const info = this.info()
    const vus = ctx.pool.take(this.vus, this.config.name)
    for (const vu of vus) vu.activate(info)
    ctx.state.vusActive += vus.length
    let stopped = false
    const claim = () => {
      if (stopped || this.#claimed >= this.iterations) return false
      this.#claimed++
      return true
    }
    const work = Promise.all(vus.map((vu) => loopVU(vu, ctx, claim))).then(() => undefined)
    await supervise(ctx, {
      work,
      deadline: ctx.start + this.config.maxDuration,
      grace: this.config.gracefulStop,
      stop: () => {
        stopped = true
      },
      interrupt: () => vus.forEach((vu) => vu.interrupt()),
    })
    ctx.state.vusActive -= vus.length
    emitDropped(ctx.state, this.config, this.iterations - this.#claimed)
    ctx.pool.give(vus)
  }
}
