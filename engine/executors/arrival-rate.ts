// The open-model core of both arrival-rate executors. Iteration g (of the whole test) is due
// at a fixed time given by the schedule; this instance starts only the g in its stripe, at
// their global due times, so N segmented instances together run the single-instance
// schedule. At a due time the iteration goes to an idle VU without waiting; with none idle it
// is dropped on the spot (one dropped_iterations sample, never queued), and one more VU is
// initialized in the background if the scenario is below maxVUs. How late each iteration
// really started is recorded in iteration_start_lag (coordinated omission made visible).
import { performance } from 'node:perf_hooks'
import type { ConstantArrivalRateConfig, RampingArrivalRateConfig } from '../options/types.ts'
import { tupleFromValue, type ExecutionTuple, type SegmentSetup } from '../segments/striping.ts'
import type { VU } from '../vu/vu.ts'
import { emitDropped, holdPlan, timeProgress } from './common.ts'
import type { Executor, ExecutorContext, PlanStep } from './executor.ts'
import { ScenarioRuntime } from './scenario-runtime.ts'
import { supervise } from './supervise.ts'

export abstract class ArrivalRate implements Executor {
  readonly preAllocated: number
  readonly max: number
  /** Stripe of the global iteration stream this instance owns (k6: derived from maxVUs). */
  readonly iterations: ExecutionTuple
  #start = 0
  #runtime: ScenarioRuntime | undefined

  constructor(
    readonly config: ConstantArrivalRateConfig | RampingArrivalRateConfig,
    protected readonly segment: SegmentSetup,
  ) {
    this.preAllocated = segment.tuple.scale(config.preAllocatedVUs)
    this.max = segment.tuple.scale(config.maxVUs)
    this.iterations = tupleFromValue(segment, config.maxVUs)
  }

  /** Offset (ms from scenario start) at which global iteration `g` is due. */
  abstract dueAt(g: number): number
  /** Number of global iterations in the schedule. */
  abstract globalCount(): number
  /** Scheduled length without graceful stop. */
  abstract scheduleLength(): number
  abstract describe(): string

  plan(): PlanStep[] {
    return holdPlan(this.preAllocated, this.maxDuration())
  }
  maxVUs(): number {
    return this.max
  }
  maxDuration(): number {
    return this.scheduleLength() + this.config.gracefulStop
  }

  info(): ScenarioRuntime {
    this.#runtime ??= new ScenarioRuntime(this.config, this.iterations, () => timeProgress(this.#start, this.scheduleLength()))
    return this.#runtime
  }

  async run(ctx: ExecutorContext): Promise<void> {
    if (this.max === 0 || this.iterations.isEmpty) return
    const { state, timer } = ctx
    this.#start = ctx.start
    const info = this.info()
    const idle: VU[] = ctx.pool.take(this.preAllocated, this.config.name)
    for (const vu of idle) vu.activate(info)
    const owned: VU[] = [...idle]
    const busy = new Set<VU>()
    const inflight = new Set<Promise<void>>()
    const total = this.globalCount()
    let initializing = false
    let warned = false
    let stopped = false
    let local = 0
    let retried = false
    let cancel: () => void = () => {}
    let scheduleDone!: () => void
    const scheduled = new Promise<void>((resolve) => (scheduleDone = resolve))
    const lagMetric = state.builtin.iterationStartLag
    const exec = this.config.exec

    const grow = () => {
      if (initializing || owned.length >= this.max) {
        if (owned.length >= this.max && !warned) {
          warned = true
          state.log.warn(
            `Insufficient VUs, reached ${this.max} active VUs and cannot initialize more`,
            { executor: this.config.executor, scenario: this.config.name },
          )
        }
        return
      }
      initializing = true
      // Init runs the whole script top level: do it off the current tick, one VU at a time.
      setImmediate(() => {
        try {
          const vu = ctx.pool.create()
          vu.activate(info)
          owned.push(vu)
          if (!stopped) idle.push(vu)
        } catch (err) {
          state.log.error(`initializing an extra VU for ${this.config.name} failed: ${state.program.describeError(err)}`)
        } finally {
          initializing = false
        }
      })
    }

    const startIteration = (vu: VU, due: number, g: number) => {
      busy.add(vu)
      state.vusActive++
      state.metrics.push(lagMetric, performance.now() - due, vu.tags(), vu.metadata())
      const p = vu.iterate(exec, ctx.setupJson, g).then(
        () => undefined,
        (err: unknown) => vu.logError(err),
      )
      const done = p.then(() => {
        busy.delete(vu)
        state.vusActive--
        inflight.delete(done)
        if (!stopped) idle.push(vu)
      })
      inflight.add(done)
    }

    const next = () => {
      if (stopped) return
      const now = performance.now()
      // Start everything due by now (several at once when the loop was busy).
      for (;;) {
        const g = this.iterations.globalIndex(local)
        if (g >= total) {
          scheduleDone()
          return
        }
        const due = ctx.start + this.dueAt(g)
        if (due > now) {
          cancel = timer.at(due, next)
          return
        }
        const vu = idle.pop()
        if (!vu && !retried && busy.size > 0) {
          // Catching up after the loop was blocked: iterations started a moment ago may
          // already be done and only need a turn of the loop to hand their VU back (k6's VUs
          // return concurrently). Look once more before calling it a drop.
          retried = true
          setImmediate(next)
          return
        }
        retried = false
        local++
        if (vu) startIteration(vu, due, g)
        else {
          emitDropped(state, this.config, 1)
          grow()
        }
      }
    }
    next()

    const work = (async () => {
      await scheduled
      while (inflight.size > 0) await Promise.all([...inflight])
    })()
    await supervise(ctx, {
      work,
      // The schedule decides the end (a wall-clock timer may fire a hair before the last due
      // time); the deadline is only a backstop if the loop falls far behind.
      until: scheduled,
      deadline: ctx.start + this.scheduleLength() + 1000,
      grace: this.config.gracefulStop,
      stop: () => {
        stopped = true
        cancel()
        scheduleDone()
      },
      interrupt: () => busy.forEach((vu) => vu.interrupt()),
    })
    stopped = true
    state.vusActive -= busy.size
    busy.clear()
    ctx.pool.give(owned)
  }
}
