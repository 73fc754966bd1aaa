// `k6/execution`: read-only views of the instance, the scenario, the VU and the test, plus
// test.abort()/test.fail(). Same context rules as k6 (what throws in init, setup, teardown).
import type { ModuleFactory } from '../host.ts'
import { describeValue } from '../run/describe-value.ts'
import { ExitCode, RunError } from '../run/exit-codes.ts'
import { internals } from '../vu/module-context.ts'
import { TestAbortSignal } from '../vu/vu.ts'

export const executionModule: ModuleFactory = (ctx) => {
  const c = internals(ctx)
  const vu = c.owner
  const test = c.test

  const notInInit = (what: string) => {
    if (vu.initializing) throw new Error(`exec.${what} is not available in the init context`)
  }
  const scenarioOnly = (what: string) => {
    notInInit(`scenario.${what}`)
    const s = vu.scenario
    if (!s) throw new Error(`exec.scenario.${what} is only available while a scenario runs (not in setup, teardown or handleSummary)`)
    return s
  }

  const instance = guardedView(() => notInInit('instance'), {
    iterationsCompleted: () => test.iterationsCompleted,
    iterationsInterrupted: () => test.iterationsInterrupted,
    vusActive: () => test.vusActive,
    vusInitialized: () => test.vusInitialized,
    currentTestRunDuration: () => test.elapsed(),
  })

  const scenario = guardedView(scenarioOnly, {
    name: (s) => s.name,
    executor: (s) => s.executor,
    startTime: (s) => Math.round(s.startEpochMs),
    progress: (s) => s.progress(),
    iterationInInstance: () => vu.scenarioIteration,
    iterationInTest: () => vu.iterationInTest,
  })

  const tagBag = (target: () => Record<string, string>, kind: string) =>
    new Proxy({}, {
      get: (_t, k) => (typeof k === 'string' ? vu.tags()[k] ?? target()[k] : undefined),
      set: (_t, k, v: unknown) => {
        if (typeof k !== 'string') return false
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          const msg = `exec.vu.${kind}: the value of "${k}" must be a string, number or boolean`
          if (test.options?.throw) throw new TypeError(msg)
          test.log.warn(msg)
          return true
        }
        target()[k] = String(v)
        vu.invalidateTags()
        return true
      },
      deleteProperty: (_t, k) => {
        if (typeof k === 'string') {
          delete target()[k]
          vu.invalidateTags()
        }
        return true
      },
      has: (_t, k) => typeof k === 'string' && (k in vu.tags() || k in target()),
      ownKeys: () => Reflect.ownKeys({ ...vu.tags(), ...target() }),
      getOwnPropertyDescriptor: (_t, k) => {
        const all: Record<string | symbol, string> = { ...vu.tags(), ...target() }
        return k in all ? { value: all[k], enumerable: true, configurable: true, writable: true } : undefined
      },
    })
  const tags = tagBag(() => vu.customTags, 'tags')
  const metadata = tagBag(() => vu.customMetadata, 'metadata')

  const vuOnly = () => notInInit('vu')
  const vuView = guardedView(
    vuOnly,
    {
      idInInstance: () => vu.idInInstance,
      idInTest: () => vu.idInTest,
      iterationInInstance: () => vu.script.iter ?? 0,
      iterationInScenario: () => vu.iterationInScenario,
      tags: () => tags,
    },
    { metrics: guardedView(vuOnly, { tags: () => tags, metadata: () => metadata }) },
  )

  const testView = Object.freeze({
    abort(message?: unknown): never {
      const msg = message === undefined ? 'test aborted' : `test aborted: ${describeValue(message)}`
      test.abort(new RunError(ExitCode.SCRIPT_ABORTED, msg))
      test.log.error(msg, { source: 'js' })
      throw new TestAbortSignal(msg)
    },
    fail(message?: unknown): void {
      const msg = message === undefined ? 'test marked as failed' : `test marked as failed: ${describeValue(message)}`
      test.log.error(msg, { source: 'js' })
      test.markFailed(msg)
    },
    get options() {
      notInInit('test.options')
      return test.options?.exposed
    },
  })

  const api = Object.freeze({ instance, scenario, vu: vuView, test: testView })
  return { ...api, default: api }
}

/**
 * A frozen object of enumerable getters (then the `plain` properties); each getter first runs
 * `check(name)`, which throws where k6 would (init context, no scenario) and may hand the getter
 * what it checked.
 */
function guardedView<S>(
  check: (name: string) => S,
  getters: Record<string, (checked: S) => unknown>,
  plain: Record<string, unknown> = {},
): Readonly<Record<string, unknown>> {
  const view: Record<string, unknown> = {}
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(view, name, { get: () => get(check(name)), enumerable: true, configurable: true })
  }
  Object.assign(view, plain)
  return Object.freeze(view)
}
