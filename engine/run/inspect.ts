// The first step of `k6 run` on its own: run the script's init context once (VU 0, as k6 does to
// read `options`) and hand back the exported options or what init threw, untouched. No VUs,
// setup(), outputs or metrics. The orchestrator uses it before it starts anything, so a bad
// scenario knob (-e RATE=abc) is a configuration error up front rather than exit 107 after the
// pipeline was probed.
import { Program } from '../loader/program.ts'
import { loadModules } from '../modules/registry.ts'
import { VU } from '../vu/vu.ts'
import { Logger } from './logger.ts'
import { baseEnv } from './runner.ts'
import { TestState } from './test-state.ts'
import type { RunOptions } from './types.ts'

export type InspectResult =
  | { ok: true; options: Record<string, unknown> }
  /** `name` is the thrown error's own name (e.g. a scenario's KnobError), `message` its message. */
  | { ok: false; name: string; message: string }

export async function inspectScript(o: { script: string } & Pick<RunOptions, 'env' | 'processEnv' | 'includeSystemEnv'>): Promise<InspectResult> {
  const program = Program.load(o.script)
  await loadModules(program.imports)
  // Init's own log lines are the run's to print; inspecting stays silent.
  const state = new TestState(program, new Logger(() => {}), baseEnv(o))
  try {
    const vu = new VU(0, 0, state)
    vu.init()
    const options = vu.exports.options
    return { ok: true, options: typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {} }
  } catch (err) {
    return err instanceof Error ? { ok: false, name: err.name, message: err.message } : { ok: false, name: 'Error', message: String(err) }
  } finally {
    // Init may open extension resources (a lazy SQL pool, a Kafka producer): close them.
    await state.shared.closeAll(() => {})
  }
}
