// ramping-vus: the active VU count follows the stages, linearly between targets: on the way
// up the k-th VU starts when the line reaches k (floor), on the way down a VU is told to stop
// when the line reaches count-1 (ceiling); the newest VU stops first. A VU told to stop
// finishes its iteration within gracefulRampDown (and can be revived if the stages climb
// again meanwhile); at the end of the last stage the rest get gracefulStop. With segments the
// global count is mapped through the stripe, so VU starts interleave across instances.
import type { RampingVusConfig } from '../options/types.ts'
import type { SegmentSetup } from '../segments/striping.ts'
import type { VU } from '../vu/vu.ts'
import { go, holdPlan, suffix, timeProgress } from './common.ts'
import type { Executor, ExecutorContext, PlanStep } from './executor.ts'
import { ScenarioRuntime } from './scenario-runtime.ts'
import { loopVU, supervise } from './supervise.ts'

/** Global (unsegmented) VU count changes: at `at` ms the count becomes `vus`. */
export function rampingVuSteps(startVUs: number, stages: RampingVusConfig['stages']): PlanStep[] {
  const steps: PlanStep[] = [{ at: 0, vus: startVUs }]
  let from = startVUs
  let t = 0
  for (const s of stages) {
    const to = s.target
    if (s.duration === 0) {
      if (to !== from) steps.push({ at: t, vus: to })
    } else if (to > from) {
      for (let k = from + 1; k <= to; k++) steps.push({ at: t + (s.duration * (k - from)) / (to - from), vus: k })
    } else if (to < from) {
      for (let k = from - 1; k >= to; k--) steps.push({ at: t + (s.duration * (from - k)) / (from - to), vus: k })
    }
    t += s.duration
    from = to
  }
  return steps
}

interface Handle {
  readonly vu: VU
  stopping: boolean
  loop: Promise<void>
  cancelRampDown?: () => void
}

export class RampingVus implements Executor {
  readonly steps: PlanStep[]
  readonly total: number
  #start = 0
  #runtime: ScenarioRuntime | undefined

  constructor(
    readonly config: RampingVusConfig,
    private readonly segment: SegmentSetup,
  ) {
    const raw = rampingVuSteps(config.startVUs, config.stages)
    // Local count = global count mapped through the stripe; keep only the changes.
    const local: PlanStep[] = []
    for (const s of raw) {
      const vus = segment.tuple.scale(s.vus)
      const last = local[local.length - 1]
      if (last && last.at === s.at) local[local.length - 1] = { at: s.at, vus }
      else if (!last || last.vus !== vus) local.push({ at: s.at, vus })
    }
    this.steps = local
    this.total = config.stages.reduce((a, s) => a + s.duration, 0)
  }

  plan(): PlanStep[] {
    // A VU ramped down stays reserved for gracefulRampDown (it may still be finishing).
    const g = this.config.gracefulRampDown
    const times = new Set<number>()
    for (const s of this.steps) {
      times.add(s.at)
      times.add(s.at + g)
    }
    const countAt = (t: number) => {
      let c = 0
      for (const s of this.steps) if (s.at <= t) c = s.vus
      return c
    }
    const out: PlanStep[] = []
    for (const t of [...times].filter((t) => t < this.total).sort((a, b) => a - b)) {
      let max = countAt(t)
      for (const s of this.steps) if (s.at > t - g && s.at <= t) max = Math.max(max, this.#before(s))
      out.push({ at: t, vus: max })
    }
    out.push({ at: this.maxDuration(), vus: 0 })
    return out.length > 1 ? out : holdPlan(this.maxVUs(), this.maxDuration())
  }

  #before(step: PlanStep): number {
    const i = this.steps.indexOf(step)
    return i > 0 ? Math.max(step.vus, this.steps[i - 1]!.vus) : step.vus
  }

  maxVUs(): number {
    return Math.max(0, ...this.steps.map((s) => s.vus))
  }
  maxDuration(): number {
    return this.total + this.config.gracefulStop
  }
  describe(): string {
    const n = this.config.stages.length
    return `Up to ${this.maxVUs()} looping VUs for ${go(this.total)} over ${n} stage${n === 1 ? '' : 's'} ${suffix(this.config, [`gracefulRampDown: ${go(this.config.gracefulRampDown)}`])}`
  }

  info(): ScenarioRuntime {
    this.#runtime ??= new ScenarioRuntime(this.config, this.segment.tuple, () => timeProgress(this.#start, this.total))
    return this.#runtime
  }

  async run(ctx: ExecutorContext): Promise<void> {
    const max = this.maxVUs()
    if (max === 0) return
    this.#start = ctx.start
    const info = this.info()
    const reserved = ctx.pool.take(max, this.config.name)
    const free = [...reserved].reverse()
    const active: Handle[] = []
    const stopping: Handle[] = []
    const loops = new Set<Promise<void>>()
    let ended = false
    const state = ctx.state

    const startOne = () => {
      // Revive the most recently stopped VU still finishing its iteration, else a free one.
      const revived = stopping.pop()
      if (revived) {
        revived.stopping = false
        revived.cancelRampDown?.()
        active.push(revived)
        state.vusActive++
        return
      }
      const vu = free.pop()
      if (!vu) return
      vu.activate(info)
      const h: Handle = { vu, stopping: false, loop: Promise.resolve() }
      h.loop = loopVU(vu, ctx, () => !h.stopping && !ended).then(() => {
        loops.delete(h.loop)
        h.cancelRampDown?.()
        const i = stopping.indexOf(h)
        if (i !== -1) stopping.splice(i, 1)
        if (!active.includes(h)) free.push(vu)
      })
      loops.add(h.loop)
      active.push(h)
      state.vusActive++
    }
    const stopOne = () => {
      const h = active.pop()
      if (!h) return
      state.vusActive--
      h.stopping = true
      stopping.push(h)
      const g = this.config.gracefulRampDown
      if (g === 0) h.vu.interrupt()
      else {
        const t = setTimeout(() => {
          if (h.stopping) h.vu.interrupt()
        }, g)
        h.cancelRampDown = () => clearTimeout(t)
      }
    }
    const cancels = this.steps.map((s) =>
      ctx.timer.at(ctx.start + s.at, () => {
        if (ended) return
        while (active.length < s.vus && (free.length > 0 || stopping.length > 0)) startOne()
        while (active.length > s.vus) stopOne()
      }),
    )
    const stagesDone = new Promise<void>((resolve) => ctx.timer.at(ctx.start + this.total, resolve))
    const work = (async () => {
      await stagesDone
      ended = true
      while (loops.size > 0) await Promise.all([...loops])
    })()
    await supervise(ctx, {
      work,
      deadline: ctx.start + this.total,
      grace: this.config.gracefulStop,
      stop: () => {
        ended = true
        cancels.forEach((c) => c())
      },
      interrupt: () => reserved.forEach((vu) => vu.interrupt()),
    })
    for (const h of stopping) h.cancelRampDown?.()
    state.vusActive -= active.length
    ctx.pool.give(reserved)
  }
}
