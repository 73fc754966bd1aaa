// The few error classes the orchestrator throws. The top-level catch (scenario/cli.ts) prints
// `message` only (no stack unless --debug) and exits with `code`.
import { EXIT } from './exit-codes.ts'

/** Ends the command with a specific exit code; the message is what the user reads. */
export class ExitError extends Error {
  override name = 'ExitError'
  constructor(
    readonly code: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Bad flags or config: every problem at once, each as `path: message`. */
export class ConfigError extends ExitError {
  override name = 'ConfigError'
  constructor(readonly issues: string[]) {
    super(EXIT.BAD_CONFIG, `invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`)
  }
}

/** Something the run needs is not there; each problem names the fix. */
export class PreflightError extends ExitError {
  override name = 'PreflightError'
  constructor(readonly problems: { what: string; problem: string; fix: string }[]) {
    super(
      EXIT.PREFLIGHT_FAILED,
      `preflight failed:\n${problems.map((p) => `  - ${p.what}: ${p.problem}\n    fix: ${p.fix}`).join('\n')}`,
    )
  }
}
