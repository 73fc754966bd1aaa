// The closed-model core of constant-vus, per-vu-iterations and shared-iterations: the
// scenario's `vus` (this segment's share) are held from its start to the end of its graceful
// stop, each looping back to back for as long as its executor lets it claim another iteration.
// At the end of the regular phase (or when the run stops) no new iteration starts, running ones
// get gracefulStop, then are interrupted.
import type { ConstantVusConfig, PerVuIterationsConfig, SharedIterationsConfig } from '../options/types.ts'
import type { ExecutionTuple, SegmentSetup } from '../segments/striping.ts'
import type { VU } from '../vu/vu.ts'
import { holdPlan } from './common.ts'
import type { Executor, ExecutorContext, PlanStep } from './executor.ts'
import { ScenarioRuntime } from './scenario-runtime.ts'
import { loopVU, supervise } from './supervise.ts'

export abstract class LoopingVus<C extends ConstantVusConfig | PerVuIterationsConfig | SharedIterationsConfig> implements Executor {
  readonly vus: number
  #runtime: ScenarioRuntime | undefined

  constructor(
    readonly config: C,
    protected readonly segment: SegmentSetup,
  ) {
    this.vus = segment.tuple.scale(config.vus)
  }

  /** Length of the regular phase (`duration` or `maxDuration`), before gracefulStop. */
  protected abstract regularLength(): number
  /** exec.scenario.progress, 0..1. */
  protected abstract progress(): number
  abstract describe(): string
  abstract run(ctx: ExecutorContext): Promise<void>

  /** Stripe that turns local iteration numbers into test-wide ones. */
  protected iterationTuple(): ExecutionTuple {
    return this.segment.tuple
  }

  plan(): PlanStep[] {
    return holdPlan(this.vus, this.maxDuration())
  }
  maxVUs(): number {
    return this.vus
  }
  maxDuration(): number {
    return this.regularLength() + this.config.gracefulStop
  }

  info(): ScenarioRuntime {
    this.#runtime ??= new ScenarioRuntime(this.config, this.iterationTuple(), () => this.progress())
    return this.#runtime
  }

  /**
   * Runs the loops until every `claim(vu)` has said no, the regular phase is over or the run
   * stops. With `releaseWhenDone` a VU whose loop ends on its own goes back to the pool at once
   * (another scenario may use it). Returns the VUs held to the end, already given back.
   */
  protected async loop(ctx: ExecutorContext, claim: (vu: VU) => boolean, releaseWhenDone = false): Promise<VU[]> {
    if (this.vus === 0) return []
    const info = this.info()
    const held = new Set(ctx.pool.take(this.vus, this.config.name))
    for (const vu of held) vu.activate(info)
    ctx.state.vusActive += held.size
    let stopped = false
    const work = Promise.all(
      [...held].map(async (vu) => {
        await loopVU(vu, ctx, () => !stopped && claim(vu))
        if (releaseWhenDone && !stopped) {
          ctx.state.vusActive--
          held.delete(vu)
          ctx.pool.give([vu])
        }
      }),
    ).then(() => undefined)
    await supervise(ctx, {
      work,
      deadline: ctx.start + this.regularLength(),
      grace: this.config.gracefulStop,
      stop: () => {
        stopped = true
      },
      interrupt: () => held.forEach((vu) => vu.interrupt()),
    })
    const rest = [...held]
    ctx.state.vusActive -= rest.length
    ctx.pool.give(rest)
    return rest
  }
}
