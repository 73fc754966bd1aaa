// One virtual user: its own module instance of the script (init code ran once for it), its
// `__VU`/`__ITER`/`__ENV`, tags, timers and event-loop share, and the iteration mechanics of
// k6 (an iteration ends when the function returned AND the VU's event loop is empty; an
// exception still counts as a completed iteration; an interrupted one counts as nothing).
import { performance } from 'node:perf_hooks'
import type { Tags, VuState } from '../host.ts'
import type { ScriptState } from '../loader/program.ts'
import { resolveModule } from '../modules/registry.ts'
import { ExitCode, RunError } from '../run/exit-codes.ts'
import type { TestState } from '../run/test-state.ts'
import { TrackedPromise, type TrackedCall } from './await-rule.ts'
import { vuConsole } from './console.ts'
import { VuEventLoop } from './event-loop.ts'
import { VuModuleContext } from './module-context.ts'
import { openFile } from './open-file.ts'
import type { ScenarioInfo } from './scenario-info.ts'
import { VuRandom } from './seeded-random.ts'
import { VuTimers } from './timers.ts'

export type IterationOutcome = 'completed' | 'interrupted'

/** Thrown by exec.test.abort() to unwind the calling code; not an iteration error. */
export class TestAbortSignal extends Error {
  override readonly name = 'TestAbortSignal'
}

const STRINGIFY_NOOP = Symbol('no setup data')

export class VU implements VuState {
  readonly script: ScriptState
  readonly loop = new VuEventLoop()
  readonly timers: VuTimers
  readonly rng = new VuRandom()
  exports: Record<string, unknown> = {}
  initializing = false
  scenario: ScenarioInfo | undefined
  /** `exec.vu.iterationInScenario`. */
  iterationInScenario = 0
  /** The current iteration's scenario-wide index (`exec.scenario.iterationInInstance`). */
  scenarioIteration = 0
  /** Its test-wide unique index (`exec.scenario.iterationInTest`). */
  iterationInTest = 0
  groupPath = ''
  customTags: Record<string, string> = {}
  customMetadata: Record<string, string> = {}
  /** Calls registered through ctx.track() during the current iteration. */
  tracked: TrackedCall[] = []
  #iterations = 0
  #tags: Tags | undefined
  #controller = new AbortController()
  #interrupt: (() => void) | undefined
  #background: Promise<void> | undefined
  #setupJson: string | typeof STRINGIFY_NOOP = STRINGIFY_NOOP
  #setupData: unknown
  readonly #modules = new Map<string, unknown>()
  readonly #ctx: VuModuleContext

  constructor(
    readonly idInInstance: number,
    readonly idInTest: number,
    readonly state: TestState,
  ) {
    this.timers = new VuTimers(this.loop, (err) => this.logError(err))
    const rng = this.rng
    this.script = { vu: idInInstance, iter: undefined, env: { ...state.baseEnv }, random: rng.random }
    this.#ctx = new VuModuleContext(this)
  }

  /** Runs the init context (the whole script top level) for this VU. */
  init(): void {
    this.initializing = true
    const program = this.state.program
    try {
      this.exports = program.instantiate({
        state: this.script,
        require: (s) => this.require(s),
        open: (p, mode) => openFile(program.bundle.path, this.initializing, p, mode),
        console: vuConsole(this.state.log),
        setTimeout: this.timers.setTimeout,
        clearTimeout: this.timers.clearTimeout,
        setInterval: this.timers.setInterval,
        clearInterval: this.timers.clearInterval,
      })
    } finally {
      this.initializing = false
    }
  }

  require(specifier: string): unknown {
    let m = this.#modules.get(specifier)
    if (m === undefined) {
      const exports = resolveModule(specifier)(this.#ctx)
      // esbuild's interop reads `default` as the default import only when __esModule is set.
      m = { __esModule: true, ...exports, ...('default' in exports ? {} : { default: exports }) }
      this.#modules.set(specifier, m)
    }
    return m
  }

  // VuState (engine/host.ts)
  get signal(): AbortSignal {
    return this.#controller.signal
  }

  tags(): Tags {
    if (this.#tags) return this.#tags
    const sys = this.state.systemTags
    const t: Tags = { ...this.state.runTags }
    if (this.scenario) {
      Object.assign(t, this.scenario.config.tags)
      if (sys.has('scenario')) t.scenario = this.scenario.name
    }
    if (sys.has('group')) t.group = this.groupPath
    Object.assign(t, this.customTags)
    this.#tags = t
    return t
  }

  /** Non-indexed metadata for samples (`vu`/`iter` when enabled as system tags). */
  metadata(): Record<string, string> | undefined {
    const sys = this.state.systemTags
    const wantVu = sys.has('vu')
    const wantIter = sys.has('iter')
    const custom = Object.keys(this.customMetadata).length > 0
    if (!wantVu && !wantIter && !custom) return undefined
    const m: Record<string, string> = { ...this.customMetadata }
    if (wantVu) m.vu = String(this.idInInstance)
    if (wantIter && this.script.iter !== undefined) m.iter = String(this.script.iter)
    return m
  }

  invalidateTags(): void {
    this.#tags = undefined
  }

  get iterations(): number {
    return this.#iterations
  }

  /** Scenario activation: `__ENV` and tags are rebuilt from that scenario (k6). */
  activate(scenario: ScenarioInfo): void {
    this.scenario = scenario
    this.iterationInScenario = 0
    this.customTags = {}
    this.customMetadata = {}
    this.groupPath = ''
    this.script.env = { ...this.state.baseEnv, ...scenario.config.env }
    this.invalidateTags()
  }

  deactivate(): void {
    this.scenario = undefined
    this.invalidateTags()
  }

  /** Registers an I/O promise for the await rule and the VU's event loop. */
  track<T>(promise: Promise<T>, call: string, trackFn: (...a: never[]) => unknown): Promise<T> {
    if (this.initializing) return promise
    const site: { stack?: string } = {}
    Error.captureStackTrace(site, trackFn)
    const release = this.loop.hold()
    const tp = new TrackedPromise<T>((resolve, reject) => {
      promise.then(
        (v) => {
          tp.settled = true
          release()
          resolve(v)
        },
        (e: unknown) => {
          tp.settled = true
          release()
          reject(e)
        },
      )
    })
    this.tracked.push({ promise: tp, call, site })
    return tp
  }

  /** Stops the running iteration now (end of a graceful window, abort). */
  interrupt(): void {
    this.#controller.abort()
    this.#interrupt?.()
  }

  /** Runs one iteration of `exec` with the setup data (JSON, parsed once per VU). */
  /** `globalIteration`: the schedule's test-wide index (arrival-rate executors know it). */
  async iterate(exec: string, setupJson: string | undefined, globalIteration?: number): Promise<IterationOutcome> {
    if (this.#background) await this.#background
    const scenario = this.scenario
    const fn = this.exports[exec]
    if (typeof fn !== 'function') throw new RunError(ExitCode.INVALID_CONFIG, `the script does not export a function named "${exec}"`)
    this.#controller = new AbortController()
    this.script.iter = this.#iterations
    if (scenario) {
      this.scenarioIteration = scenario.iterationsStarted++
      this.iterationInTest = globalIteration ?? scenario.iterationInTest(this.scenarioIteration)
    }
    this.tracked = []
    if (this.groupPath !== '') {
      this.groupPath = ''
      this.invalidateTags()
    }
    const data = this.#dataFor(setupJson)
    const interrupted = new Promise<'interrupted'>((resolve) => {
      this.#interrupt = () => resolve('interrupted')
    })
    const start = performance.now()
    const run = this.#run(fn as (d: unknown) => unknown, data)
    const outcome = await Promise.race([run.then(() => 'completed' as const), interrupted])
    this.#interrupt = undefined
    this.#iterations++
    this.iterationInScenario++
    if (outcome === 'interrupted') {
      // Its calls may still fail after the run is over; nobody can act on that any more.
      for (const t of this.tracked) void Promise.prototype.then.call(t.promise, undefined, () => undefined)
      this.timers.clearAll()
      this.loop.reset()
      this.#background = run.then(() => {
        this.#background = undefined
      })
      this.state.iterationsInterrupted++
      return outcome
    }
    const min = this.state.options?.minIterationDuration ?? 0
    const spent = performance.now() - start
    if (min > spent) await this.#pause(min - spent)
    this.#checkAwaitRule()
    const tags = this.tags()
    const meta = this.metadata()
    this.state.metrics.push(this.state.builtin.iterations, 1, tags, meta)
    this.state.metrics.push(this.state.builtin.iterationDuration, performance.now() - start, tags, meta)
    this.state.iterationsCompleted++
    return outcome
  }

  async #run(fn: (d: unknown) => unknown, data: unknown): Promise<void> {
    try {
      const r: unknown = fn.call(undefined, data)
      if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') await (r as PromiseLike<unknown>)
    } catch (err) {
      this.logError(err)
    }
    await this.loop.whenIdle()
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms)
      this.#controller.signal.addEventListener('abort', () => {
        clearTimeout(t)
        resolve()
      })
    })
  }

  #checkAwaitRule(): void {
    if (this.tracked.length === 0) return
    for (const t of this.tracked) {
      if (t.promise.awaited) continue
      // The base `then` observes the outcome without counting as the script's await.
      void Promise.prototype.then.call(t.promise, undefined, (err: unknown) => this.logError(err))
      const where = t.site.stack ? this.state.program.stack.firstScriptFrame(t.site.stack) : undefined
      this.state.awaitRule.record(t.call, where)
    }
    this.tracked = []
  }

  #dataFor(json: string | undefined): unknown {
    if (json === undefined) return undefined
    if (this.#setupJson !== json) {
      this.#setupJson = json
      this.#setupData = JSON.parse(json) as unknown
    }
    return this.#setupData
  }

  /** Logs an exception from script code as k6 does, with the TypeScript stack. */
  logError(err: unknown): void {
    if (err instanceof TestAbortSignal) return
    const fields: Record<string, string> = { source: 'stacktrace' }
    if (this.scenario) {
      fields.executor = this.scenario.executor
      fields.scenario = this.scenario.name
    }
    this.state.log.error(this.state.program.describeError(err), fields)
  }

  /**
   * Runs setup/teardown/handleSummary in this (`__VU` = 0) VU: the function, then its event
   * loop, within `timeoutMs`. Exceptions propagate to the caller.
   */
  async callLifecycle(name: string, args: unknown[], timeoutMs: number, timeoutCode: RunError['exitCode'], group?: string): Promise<unknown> {
    const fn = this.exports[name]
    if (typeof fn !== 'function') return undefined
    this.#controller = new AbortController()
    this.tracked = []
    if (group !== undefined) {
      this.groupPath = `::${group}`
      this.state.groups.at(this.groupPath)
      this.invalidateTags()
    }
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.interrupt()
        reject(new RunError(timeoutCode, `${name}() execution timed out after ${Math.round(timeoutMs / 1000)} seconds`))
      }, timeoutMs)
    })
    try {
      const work = (async () => {
        const result: unknown = await Promise.resolve((fn as (...a: unknown[]) => unknown)(...args))
        await this.loop.whenIdle()
        return result
      })()
      return await Promise.race([work, timeout])
    } finally {
      clearTimeout(timer)
      this.#checkAwaitRule()
    }
  }
}
