// per-vu-iterations: each VU runs exactly `iterations` back to back. At maxDuration each VU
// stops starting new ones and emits its own dropped_iterations sample for the rest. With
// segments only `vus` is split; the per-VU count stays.
import type { PerVuIterationsConfig } from '../options/types.ts'
import type { SegmentSetup } from '../segments/striping.ts'
import { emitDropped, go, suffix } from './common.ts'
import type { Executor, ExecutorContext, PlanStep } from './executor.ts'
import { ScenarioRuntime } from './scenario-runtime.ts'
import { loopVU, supervise } from './supervise.ts'

export class PerVuIterations implements Executor {
  readonly vus: number
  #done = 0
  #runtime: ScenarioRuntime | undefined

  constructor(
    readonly config: PerVuIterationsConfig,
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
    return this.config.maxDuration + this.config.gracefulStop
  }
  describe(): string {
    return `${this.config.iterations} iterations for each of ${this.vus} VUs ${suffix(this.config, [`maxDuration: ${go(this.config.maxDuration)}`])}`
  }

  info(): ScenarioRuntime {
    const total = this.vus * this.config.iterations
    this.#runtime ??= new ScenarioRuntime(this.config, this.segment.tuple, () => (total === 0 ? 1 : Math.min(1, this.#done / total)))
    return this.#runtime
  }

  async run(ctx: ExecutorContext): Promise<void> {
    if (this.vus === 0) return
    const info = this.info()
    const vus = ctx.pool.take(this.vus, this.config.name)
    const started = new Map(vus.map((vu) => [vu, 0]))
    let stopped = false
    ctx.state.vusActive += vus.length
    const work = Promise.all(
      vus.map(async (vu) => {
        vu.activate(info)
        await loopVU(vu, ctx, () => {
          const n = started.get(vu)!
          if (stopped || n >= this.config.iterations) return false
          started.set(vu, n + 1)
          this.#done++
          return true
        })
        // A VU done with its quota goes back to the pool at once (another scenario may use it).
        if (!stopped) {
          ctx.state.vusActive--
          started.delete(vu)
          ctx.pool.give([vu])
        }
      }),
    ).then(() => undefined)
    await supervise(ctx, {
      work,
      deadline: ctx.start + this.config.maxDuration,
      grace: this.config.gracefulStop,
      stop: () => {
        stopped = true
      },
      interrupt: () => [...started.keys()].forEach((vu) => vu.interrupt()),
    })
    for (const [, n] of started) emitDropped(ctx.state, this.config, this.config.iterations - n)
    ctx.state.vusActive -= started.size
    ctx.pool.give([...started.keys()])
  }
}
