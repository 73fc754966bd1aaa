// The ModuleContext (engine/host.ts) each module instance of a VU receives. Built-in modules
// also reach the VU and the test state through it (`internals`).
import type { MetricHandle, MetricType, ModuleContext, SharedResources, Tags, VuState } from '../host.ts'
import type { Metric } from '../metrics/metric.ts'
import type { TestState } from '../run/test-state.ts'
import type { VU } from './vu.ts'

export class VuModuleContext implements ModuleContext {
  constructor(readonly owner: VU) {}

  get test(): TestState {
    return this.owner.state
  }

  metric(name: string, type: MetricType, contains: boolean | 'time' | 'data' = false): MetricHandle {
    const m = this.test.metrics.registry.define(name, type, contains === true ? 'time' : contains === false ? 'default' : contains)
    return this.handle(m)
  }

  /** A handle that records samples merged over the VU's current tags. */
  handle(m: Metric): MetricHandle {
    const vu = this.owner
    const metrics = this.test.metrics
    return {
      name: m.name,
      add(value: number, tags?: Tags): void {
        const base = vu.tags()
        metrics.push(m, value, tags ? { ...base, ...tags } : base, vu.metadata())
      },
    }
  }

  vu(): VuState | undefined {
    return this.owner.initializing ? undefined : this.owner
  }

  inInit(): boolean {
    return this.owner.initializing
  }

  // An arrow property, so the await-rule stack capture can cut the stack at exactly this frame.
  readonly track = <T>(promise: Promise<T>, call: string): Promise<T> => this.owner.track(promise, call, this.track)

  get shared(): SharedResources {
    return this.test.shared
  }

  env(): Record<string, string> {
    return this.owner.script.env
  }
}

/** The engine-side context behind a ModuleContext (only built-in modules use this). */
export function internals(ctx: ModuleContext): VuModuleContext {
  if (!(ctx instanceof VuModuleContext)) throw new Error('this module needs the node engine context')
  return ctx
}
