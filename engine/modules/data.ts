// `k6/data` SharedArray: built once per process by the first VU that asks for the name, deep
// frozen, and shared read-only by every VU (k6 keeps one copy and hands out read-only views).
import type { ModuleFactory } from '../host.ts'
import { internals } from '../vu/module-context.ts'

const arrays = new Map<string, readonly unknown[]>()

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

export const dataModule: ModuleFactory = (ctx) => {
  const c = internals(ctx)
  const key = (name: string) => `${c.test.program.bundle.path}\u0000${name}`

  class SharedArray {
    constructor(name: unknown, fn: unknown) {
      if (!c.owner.initializing) throw new Error('new SharedArray() can only be called in the init context')
      if (typeof name !== 'string' || name === '') throw new TypeError('SharedArray(name, fn): name must be a non-empty string')
      if (typeof fn !== 'function') throw new TypeError('SharedArray(name, fn): fn must be a function returning an array')
      let arr = arrays.get(key(name))
      if (!arr) {
        const made: unknown = (fn as () => unknown)()
        if (!Array.isArray(made)) throw new TypeError(`SharedArray ${JSON.stringify(name)}: the function must return an array`)
        if (made.some((x) => typeof x === 'function')) throw new TypeError(`SharedArray ${JSON.stringify(name)}: elements must be JSON data, not functions`)
        // A JSON round trip, as k6 stores the data: no functions, no shared references.
        arr = deepFreeze(JSON.parse(JSON.stringify(made)) as unknown[])
        arrays.set(key(name), arr)
      }
      return arr
    }
  }
  return { SharedArray, default: { SharedArray } }
}
