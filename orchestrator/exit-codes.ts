// The orchestrator's exit codes. k6's own codes (99 thresholds, 104 invalid options, 105
// interrupted, 107 script error, 108 test.abort, ...) pass through unchanged from the engine so CI
// scripts written for k6 keep working; ours sit below k6's range (97-110, 255) so they never clash.
// docs/exit-codes.md is the table users read; a test checks it lists every code here.

export const EXIT = {
  OK: 0,
  /** A bug in eventload: the message asks for a report. */
  INTERNAL: 1,
  /** Bad flag, bad config file, unknown scenario. Nothing was started. */
  BAD_CONFIG: 2,
  /** A service is unreachable, the k6 binary lacks an extension, the bundle did not build. */
  PREFLIGHT_FAILED: 3,
  /** The load ran, but MongoDB does not hold exactly the events of the run, intact. */
  VERIFICATION_FAILED: 4,
  /** MongoDB stopped receiving events of the run before it held all of them (--drain-timeout). */
  NOT_DRAINED: 5,
  // k6's codes, from the engine (k6-semantics.md §4.3)
  THRESHOLDS_FAILED: 99,
  SETUP_TIMEOUT: 100,
  TEARDOWN_TIMEOUT: 101,
  GENERIC_TIMEOUT: 102,
  INVALID_OPTIONS: 104,
  INTERRUPTED: 105,
  SCRIPT_EXCEPTION: 107,
  SCRIPT_ABORTED: 108,
  MARKED_AS_FAILED: 110,
  K6_GENERIC: 255,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

const MEANING: Record<number, string> = {
  0: 'all good',
  1: 'internal error',
  2: 'bad configuration',
  3: 'preflight failed',
  4: 'verification failed',
  5: 'pipeline did not drain',
  97: 'cloud test run failed',
  98: 'cloud progress unavailable',
  99: 'thresholds failed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'timeout',
  103: 'stopped via REST API',
  104: 'invalid k6 options',
  105: 'interrupted by a signal',
  106: 'REST API could not start',
  107: 'script exception',
  108: 'test.abort() called',
  109: 'k6 crashed (Go panic)',
  110: 'test marked as failed',
  255: 'k6 failed without a specific code',
}

export function exitMeaning(code: number): string {
  return MEANING[code] ?? `exit code ${code}`
}

export interface Outcome {
  /** The engine's exit code (k6 semantics), undefined when the load never ran. */
  engine?: number
  interrupted?: boolean
  drained?: boolean
  verified?: boolean
}

/**
 * One code for a finished run. Precedence (docs/exit-codes.md): an engine failure other than
 * thresholds (the numbers cannot be trusted) > interrupted > not drained (a drain failure makes
 * "missing" events a consequence, not a finding) > verification failed > thresholds > ok.
 */
export function finalExitCode(o: Outcome): number {
  const engine = o.engine ?? 0
  if (engine !== 0 && engine !== EXIT.THRESHOLDS_FAILED && engine !== EXIT.INTERRUPTED) return engine
  if (o.interrupted || engine === EXIT.INTERRUPTED) return EXIT.INTERRUPTED
  if (o.drained === false) return EXIT.NOT_DRAINED
  if (o.verified === false) return EXIT.VERIFICATION_FAILED
  if (engine === EXIT.THRESHOLDS_FAILED) return EXIT.THRESHOLDS_FAILED
  return EXIT.OK
}
