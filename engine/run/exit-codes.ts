// k6's process exit codes (errext/exitcodes), so CI scripts written for k6 read ours the same.
export const ExitCode = {
  OK: 0,
  THRESHOLDS_FAILED: 99,
  SETUP_TIMEOUT: 100,
  TEARDOWN_TIMEOUT: 101,
  GENERIC_TIMEOUT: 102,
  INVALID_CONFIG: 104,
  EXTERNAL_ABORT: 105,
  SCRIPT_EXCEPTION: 107,
  SCRIPT_ABORTED: 108,
  MARKED_AS_FAILED: 110,
  GENERIC: 255,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** An error that ends the run with a specific exit code. */
export class RunError extends Error {
  override readonly name = 'RunError'
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    /** Mapped script stack, when the error came from the script. */
    readonly detail?: string,
  ) {
    super(message)
  }
}

export class ConfigError extends RunError {
  constructor(message: string) {
    super(ExitCode.INVALID_CONFIG, message)
  }
}
