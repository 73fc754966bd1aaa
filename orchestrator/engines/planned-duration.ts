// How long a run may take at most, read from the bundle's own options with the run's __ENV:
// what `k6 inspect --execution-requirements` reports (the k6-operator's initializer asks k6 the
// same). The k6-operator engine bounds its wait for the TestRun with it, since it sees no
// samples or logs from the cluster to tell a slow run from a stuck one.
import { createExecutor, maxTestDuration } from '../../engine/executors/index.ts'
import { Program } from '../../engine/loader/program.ts'
import { loadModules } from '../../engine/modules/registry.ts'
import { consolidate } from '../../engine/options/consolidate.ts'
import { freshVu0, scriptOptions } from '../../engine/run/lifecycle.ts'
import { Logger } from '../../engine/run/logger.ts'
import { TestState } from '../../engine/run/test-state.ts'

export interface PlannedDuration {
  /** Longest the scenarios run, gracefulStop included (k6's "max duration"). */
  maxDurationMs: number
  setupTimeoutMs: number
  teardownTimeoutMs: number
}

/** Runs the bundle's init context once (as k6 does for the options) and consolidates its options. */
export async function plannedDuration(bundle: string, env: Record<string, string>): Promise<PlannedDuration> {
  const program = Program.load(bundle)
  await loadModules(program.imports)
  const state = new TestState(program, new Logger(() => {}), env)
  try {
    const vu0 = freshVu0(state, 'options')
    const { options } = consolidate([{ name: 'script', options: scriptOptions(vu0) }])
    const executors = options.scenarios.map((s) => createExecutor(s, state.segment))
    return { maxDurationMs: maxTestDuration(executors), setupTimeoutMs: options.setupTimeout, teardownTimeoutMs: options.teardownTimeout }
  } finally {
    // Init may open extension resources (a lazy SQL pool, a Kafka producer), as inspectScript knows.
    await state.shared.closeAll(() => {})
  }
}
