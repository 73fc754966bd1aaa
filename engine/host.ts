// The contract between the node engine and the modules it provides to a bundle (`k6`,
// `k6/metrics`, `k6/x/sql`, `k6/x/kafka`, ...). A module is a factory called once per VU
// (k6 module state is per VU) with a context that reaches the engine's metrics, the VU's
// state and the per-process shared resources (connection pools are per process, not per VU).

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend'
export type Tags = Record<string, string>

export interface MetricHandle {
  readonly name: string
  /** Records one sample, merged over the current VU's tags. */
  add(value: number, tags?: Tags): void
}

export interface VuState {
  /** `__VU` / exec.vu.idInInstance; 0 in setup, teardown and handleSummary. */
  readonly idInInstance: number
  readonly idInTest: number
  /** Aborted when the VU's iteration must stop (graceful window over, test aborted). */
  readonly signal: AbortSignal
  /** The VU's current tags (run tags + scenario tags + scenario name + group + exec tags). */
  tags(): Tags
}

export interface ModuleContext {
  /**
   * Defines (init context) or returns an engine metric; same rules as k6/metrics. `contains`
   * is k6's value type: `true`/'time' for durations in ms, 'data' for bytes (the summary
   * prints kB/MB and `data_*`-style rates, as k6 does for an extension's data metrics).
   */
  metric(name: string, type: MetricType, contains?: boolean | 'time' | 'data'): MetricHandle
  /** The running VU, or undefined while init code runs. */
  vu(): VuState | undefined
  /** True while the VU's init code runs. */
  inInit(): boolean
  /**
   * Registers a promise returned by an I/O call so the await rule can be checked: a tracked
   * promise nobody awaited by the end of its iteration is reported with the call site.
   */
  track<T>(promise: Promise<T>, call: string): Promise<T>
  /** Per-process resources shared by every VU (pools keyed by DSN, Kafka clients...). */
  readonly shared: SharedResources
  /** The `__ENV` the VU sees. */
  env(): Record<string, string>
}

export interface SharedResources {
  /** Returns the resource for `key`, creating it once per process; closed at engine exit. */
  get<T>(key: string, create: () => T, close: (value: T) => Promise<void> | void): T
}

export type ModuleFactory = (ctx: ModuleContext) => Record<string, unknown>
