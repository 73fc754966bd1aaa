// `k6/timers`: the same per-VU timers the globals are (they keep the iteration open).
import type { ModuleFactory } from '../host.ts'
import { internals } from '../vu/module-context.ts'

export const timersModule: ModuleFactory = (ctx) => {
  const t = internals(ctx).owner.timers
  const api = { setTimeout: t.setTimeout, clearTimeout: t.clearTimeout, setInterval: t.setInterval, clearInterval: t.clearInterval }
  return { ...api, default: api }
}
