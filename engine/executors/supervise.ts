// The end of a scenario, the same for every executor: it runs until its work is done or its
// deadline passes (or the run is stopped); then no new iterations start and running ones get
// the graceful window; whatever still runs after it is interrupted. A hard stop (test.abort,
// abortOnFail) interrupts at once.
import type { ExecutorContext } from './executor.ts'
import type { VU } from '../vu/vu.ts'

function onAbort(signal: AbortSignal): { promise: Promise<void>; dispose(): void } {
  let dispose = () => {}
  const promise = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve()
    const f = () => resolve()
    signal.addEventListener('abort', f, { once: true })
    dispose = () => signal.removeEventListener('abort', f)
  })
  return { promise, dispose }
}

function delay(ms: number): { promise: Promise<void>; dispose(): void } {
  let t: NodeJS.Timeout | undefined
  const promise = new Promise<void>((resolve) => {
    t = setTimeout(resolve, Math.max(0, ms))
  })
  return { promise, dispose: () => clearTimeout(t) }
}

export interface Supervision {
  readonly work: Promise<void>
  /** performance.now() of the regular end; undefined = only the work decides. */
  readonly deadline: number | undefined
  /** Ends the regular phase too when it resolves (arrival-rate: the schedule is exhausted). */
  readonly until?: Promise<void>
  readonly grace: number
  stop(): void
  interrupt(): void
}

export async function supervise(ctx: ExecutorContext, s: Supervision): Promise<void> {
  const { softStop, hardStop } = ctx.state
  const soft = onAbort(softStop.signal)
  const hard = onAbort(hardStop.signal)
  const until = s.deadline === undefined ? undefined : delay(s.deadline - performance.now())
  try {
    const first = await Promise.race([
      s.work.then(() => 'done' as const),
      soft.promise.then(() => 'stop' as const),
      hard.promise.then(() => 'hard' as const),
      ...(until ? [until.promise.then(() => 'stop' as const)] : []),
      ...(s.until ? [s.until.then(() => 'stop' as const)] : []),
    ])
    if (first === 'done') return
    s.stop()
    if (first === 'hard') {
      s.interrupt()
      return
    }
    const grace = delay(s.grace)
    try {
      const second = await Promise.race([
        s.work.then(() => 'done' as const),
        grace.promise.then(() => 'over' as const),
        hard.promise.then(() => 'over' as const),
      ])
      if (second !== 'done') s.interrupt()
    } finally {
      grace.dispose()
    }
  } finally {
    soft.dispose()
    hard.dispose()
    until?.dispose()
  }
}

/** Lets timers and I/O run between back-to-back iterations (an await alone never yields to them). */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Runs iterations on one VU while `keepGoing()`; returns when told to stop or interrupted. */
export async function loopVU(vu: VU, ctx: ExecutorContext, keepGoing: () => boolean): Promise<void> {
  const exec = vu.scenario!.config.exec
  while (keepGoing() && !ctx.state.stopping) {
    const outcome = await vu.iterate(exec, ctx.setupJson)
    if (outcome === 'interrupted') return
    await yieldToLoop()
  }
}
