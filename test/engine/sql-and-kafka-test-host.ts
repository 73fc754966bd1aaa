// A minimal ModuleContext for driving the k6/x/sql and k6/x/kafka factories directly, without
// the engine: it stands in for the engine's metric registry, VU state, await tracker and
// per-process shared resources (the final tests run real scripts through the engine instead).
import type { MetricHandle, MetricType, ModuleContext, SharedResources, Tags, VuState } from '../../engine/host.ts'

export interface Sample {
  metric: string
  type: MetricType
  value: number
  tags: Tags
}

export class TestShared implements SharedResources {
  private readonly items = new Map<string, { value: unknown; close: (v: unknown) => Promise<void> | void }>()
  get<T>(key: string, create: () => T, close: (value: T) => Promise<void> | void): T {
    const hit = this.items.get(key)
    if (hit) return hit.value as T
    const value = create()
    this.items.set(key, { value, close: close as (v: unknown) => Promise<void> | void })
    return value
  }
  get size(): number {
    return this.items.size
  }
  async closeAll(): Promise<void> {
    for (const { value, close } of this.items.values()) await close(value)
    this.items.clear()
  }
}

export class TestHost {
  readonly samples: Sample[] = []
  readonly tracked: string[] = []
  readonly shared = new TestShared()
  init = false
  abort = new AbortController()

  context(vuId = 1): ModuleContext {
    const signal = (): AbortSignal => this.abort.signal
    const vu: VuState = {
      idInInstance: vuId,
      idInTest: vuId,
      get signal() {
        return signal()
      },
      tags: () => ({ scenario: 'default' }),
    }
    const host = this as TestHost
    return {
      metric: (name, type, _isTime): MetricHandle => ({
        name,
        add: (value, tags) => {
          host.samples.push({ metric: name, type, value, tags: { ...vu.tags(), ...tags } })
        },
      }),
      vu: () => (host.init ? undefined : vu),
      inInit: () => host.init,
      track: (promise, call) => {
        host.tracked.push(call)
        return promise
      },
      shared: host.shared,
      env: () => ({}),
    }
  }

  values(metric: string, filter: Tags = {}): number[] {
    return this.samples
      .filter((s) => s.metric === metric && Object.entries(filter).every(([k, v]) => s.tags[k] === v))
      .map((s) => s.value)
  }
}
