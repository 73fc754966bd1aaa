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

  const instance = Object.freeze({
    get iterationsCompleted() {
      notInInit('instance')
      return test.iterationsCompleted
    },
    get iterationsInterrupted() {
      notInInit('instance')
      return test.iterationsInterrupted
    },
    get vusActive() {
      notInInit('instance')
      return test.vusActive
    },
    get vusInitialized() {
      notInInit('instance')
      return test.vusInitialized
    },
    get currentTestRunDuration() {
      notInInit('instance')
      return test.elapsed()
    },
  })

  const scenario = Object.freeze({
    get name() {
      return scenarioOnly('name').name
    },
    get executor() {
      return scenarioOnly('executor').executor
    },
    get startTime() {
      return Math.round(scenarioOnly('startTime').startEpochMs)
    },
    get progress() {
      return scenarioOnly('progress').progress()
    },
    get iterationInInstance() {
      scenarioOnly('iterationInInstance')
      return vu.scenarioIteration
    },
    get iterationInTest() {
      scenarioOnly('iterationInTest')
      return vu.iterationInTest
    },
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

  const vuView = Object.freeze({
    get idInInstance() {
      notInInit('vu')
      return vu.idInInstance
    },
    get idInTest() {
      notInInit('vu')
      return vu.idInTest
    },
    get iterationInInstance() {
      notInInit('vu')
      return vu.script.iter ?? 0
    },
    get iterationInScenario() {
      notInInit('vu')
      return vu.iterationInScenario
    },
    get tags() {
      notInInit('vu')
      return tags
    },
    metrics: Object.freeze({
      get tags() {
        notInInit('vu')
        return tags
      },
      get metadata() {
        notInInit('vu')
        return metadata
      },
    }),
  })

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
