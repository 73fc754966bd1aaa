// constant-vus: `vus` VUs loop back to back for `duration`; then no new iterations, the
// running ones get gracefulStop, then are interrupted. No dropped iterations.
import type { ConstantVusConfig } from '../options/types.ts'
import type { SegmentSetup } from '../segments/striping.ts'
import { go, suffix } from './common.ts'
import type { Executor, ExecutorContext, PlanStep } from './executor.ts'
import { ScenarioRuntime } from './scenario-runtime.ts'
import { loopVU, supervise } from './supervise.ts'

export class ConstantVus implements Executor {
  readonly vus: number
  #start = 0
  #runtime: ScenarioRuntime | undefined

  constructor(
    readonly config: ConstantVusConfig,
    private readonly segment: SegmentSetup,
  ) {
    this.vus = segment.tuple.scale(config.vus)
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
    return this.config.duration + this.config.gracefulStop
  }
  describe(): string {
    return `${this.vus} looping VUs for ${go(this.config.duration)} ${suffix(this.config, [])}`
  }

  info(): ScenarioRuntime {
    this.#runtime ??= new ScenarioRuntime(this.config, this.segment.tuple, () =>
      this.#start === 0 ? 0 : Math.min(1, (performance.now() - this.#start) / this.config.duration),
    )
    return this.#runtime
  }

  async run(ctx: ExecutorContext): Promise<void> {
    if (this.vus === 0) return
    this.#start = ctx.start
    const info = this.info()
    const vus = ctx.pool.take(this.vus, this.config.name)
    for (const vu of vus) vu.activate(info)
    ctx.state.vusActive += vus.length
    let stopped = false
    const work = Promise.all(vus.map((vu) => loopVU(vu, ctx, () => !stopped))).then(() => undefined)
    await supervise(ctx, {
      work,
      deadline: ctx.start + this.config.duration,
      grace: this.config.gracefulStop,
      stop: () => {
        stopped = true
      },
      interrupt: () => vus.forEach((vu) => vu.interrupt()),
    })
    ctx.state.vusActive -= vus.length
    ctx.pool.give(vus)
  }
}
