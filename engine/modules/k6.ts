// The `k6` module: check, group, sleep, fail, randomSeed (k6 semantics; sleep returns a
// promise in Node, see the await rule).
import { performance } from 'node:perf_hooks'
import type { ModuleFactory, Tags } from '../host.ts'
import { describeValue } from '../run/describe-value.ts'
import { internals } from '../vu/module-context.ts'

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor.name === 'AsyncFunction'
}

function isThenable(v: unknown): boolean {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function'
}

export const k6Module: ModuleFactory = (ctx) => {
  const c = internals(ctx)
  const vu = c.owner
  const test = c.test

  function check(value: unknown, checks: unknown, extraTags?: unknown): boolean {
    if (vu.initializing) throw new Error('check() can only be used inside VU code, not in the init context')
    if (checks === null || typeof checks !== 'object') throw new TypeError('check(value, checks): checks must be an object of name: function or value')
    const extra = (extraTags ?? {}) as Tags
    const group = test.groups.at(vu.groupPath)
    const withCheck = test.systemTags.has('check')
    let all = true
    for (const [name, fn] of Object.entries(checks as Record<string, unknown>)) {
      if (name.includes('::')) throw new Error(`check name ${JSON.stringify(name)} must not contain "::"`)
      if (isAsyncFunction(fn)) throw new Error(`check ${JSON.stringify(name)}: check functions cannot be async (k6 runs them synchronously); await the value first, then check it`)
      const stats = group.check(name)
      const record = (pass: boolean) => {
        const tags: Tags = { ...vu.tags(), ...stringTags(extra) }
        if (withCheck) tags.check = name
        test.metrics.push(test.builtin.checks, pass ? 1 : 0, tags, vu.metadata())
        if (pass) stats.passes++
        else stats.fails++
      }
      let result: unknown
      try {
        result = typeof fn === 'function' ? (fn as (v: unknown) => unknown)(value) : fn
      } catch (err) {
        record(false)
        throw err
      }
      if (isThenable(result)) throw new Error(`check ${JSON.stringify(name)}: the check function returned a promise; check functions must be synchronous`)
      const pass = Boolean(result)
      record(pass)
      if (!pass) all = false
    }
    return all
  }

  function group(name: unknown, fn: unknown): unknown {
    if (vu.initializing) throw new Error('group() can only be used inside VU code, not in the init context')
    if (typeof name !== 'string' || name === '') throw new TypeError('group(name, fn): name must be a non-empty string')
    if (name.includes('::')) throw new Error(`group name ${JSON.stringify(name)} must not contain "::"`)
    if (typeof fn !== 'function') throw new TypeError('group(name, fn): fn must be a function')
    if (isAsyncFunction(fn)) {
      throw new Error(`group ${JSON.stringify(name)}: async functions are not supported by group() (as in k6); keep awaited calls outside group() or measure them with a Trend`)
    }
    const parent = vu.groupPath
    const path = `${parent}::${name}`
    test.groups.at(path)
    vu.groupPath = path
    vu.invalidateTags()
    const start = performance.now()
    try {
      return (fn as () => unknown)()
    } finally {
      const took = performance.now() - start
      test.metrics.push(test.builtin.groupDuration, took, vu.tags(), vu.metadata())
      vu.groupPath = parent
      vu.invalidateTags()
    }
  }

  function sleep(seconds: unknown): Promise<void> {
    const s = Number(seconds)
    if (!Number.isFinite(s)) throw new TypeError(`sleep(seconds): ${JSON.stringify(seconds)} is not a number`)
    const signal = vu.signal
    const p = new Promise<void>((resolve) => {
      if (s <= 0 || signal.aborted) return resolve()
      const onAbort = () => {
        clearTimeout(t)
        resolve()
      }
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, s * 1000)
      signal.addEventListener('abort', onAbort, { once: true })
    })
    return ctx.track(p, 'sleep')
  }

  function fail(message?: unknown): never {
    throw new Error(message === undefined ? 'fail' : describeValue(message))
  }

  function randomSeed(seed: unknown): void {
    const n = Number(seed)
    if (!Number.isFinite(n)) throw new TypeError('randomSeed(seed): seed must be a number')
    vu.rng.seed(n)
  }

  const api = { check, group, sleep, fail, randomSeed }
  return { ...api, default: api }
}

function stringTags(t: Tags): Tags {
  const out: Tags = {}
  for (const [k, v] of Object.entries(t)) out[k] = String(v)
  return out
}
