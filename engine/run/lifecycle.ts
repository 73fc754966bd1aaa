// The __VU = 0 phases of a run (k6 runs each in a fresh VU whose init context runs again):
// reading `options`, setup(), teardown() and handleSummary().
import { ExitCode, RunError } from './exit-codes.ts'
import type { TestState } from './test-state.ts'
import { TestAbortSignal, VU } from '../vu/vu.ts'

/** Inits a fresh VU 0; script exceptions become exit 107 (or 108 after test.abort()). */
export function freshVu0(state: TestState, phase: string): VU {
  const vu = new VU(0, 0, state)
  try {
    vu.init()
  } catch (err) {
    throw scriptError(state, err, `${phase}: the init context failed`)
  }
  return vu
}

export function scriptError(state: TestState, err: unknown, context: string): RunError {
  if (err instanceof RunError) return err
  if (err instanceof TestAbortSignal && state.error) return state.error
  const detail = state.program.describeError(err)
  return new RunError(ExitCode.SCRIPT_EXCEPTION, `${context}: ${err instanceof Error ? err.message : String(err)}`, detail)
}

/** The script's exported `options`, JSON round-tripped as k6 requires. */
export function scriptOptions(vu: VU): Record<string, unknown> {
  const raw = vu.exports.options
  if (raw === undefined || raw === null) return {}
  if (typeof raw !== 'object') throw new RunError(ExitCode.INVALID_CONFIG, 'the exported options must be an object')
  try {
    return JSON.parse(JSON.stringify(raw)) as Record<string, unknown>
  } catch (err) {
    throw new RunError(ExitCode.INVALID_CONFIG, `the exported options must be JSON data: ${(err as Error).message}`)
  }
}

export async function runSetup(state: TestState): Promise<{ json: string | undefined; data: unknown }> {
  const vu = freshVu0(state, 'setup')
  try {
    const result = await vu.callLifecycle('setup', [], state.options!.setupTimeout, ExitCode.SETUP_TIMEOUT, 'setup')
    // JSON round trip: what survives is what every VU and teardown get.
    const json = result === undefined ? undefined : JSON.stringify(result)
    return { json, data: json === undefined ? undefined : (JSON.parse(json) as unknown) }
  } catch (err) {
    throw scriptError(state, err, 'setup() failed')
  }
}

export async function runTeardown(state: TestState, setupJson: string | undefined): Promise<void> {
  const vu = freshVu0(state, 'teardown')
  try {
    const data = setupJson === undefined ? undefined : (JSON.parse(setupJson) as unknown)
    await vu.callLifecycle('teardown', [data], state.options!.teardownTimeout, ExitCode.TEARDOWN_TIMEOUT, 'teardown')
  } catch (err) {
    throw scriptError(state, err, 'teardown() failed')
  }
}

export function logRunError(state: TestState, err: RunError): void {
  const fields: Record<string, string> = err.exitCode === ExitCode.SCRIPT_EXCEPTION ? { hint: 'script exception' } : {}
  state.log.error(err.detail ? `${err.message}\n${err.detail}` : err.message, fields)
}
