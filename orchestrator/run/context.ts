// The process as the run sees it, injected so signal and exit paths are testable without
// killing the test runner (style-anchors.md, lesson 14).
import type { Terminal } from '../dashboard/terminal.ts'

export interface RunContext {
  /** Machine- and summary-output (the final k6-style summary goes here). */
  stdout: (text: string) => void
  /** People: phases, dashboard, logs. */
  stderr: Terminal
  env: NodeJS.ProcessEnv
  cwd: string
  /** Registers the SIGINT/SIGTERM handler; returns the unregister function. */
  onSignal: (handler: (signal: NodeJS.Signals) => void) => () => void
  /** Ends the process after a second Ctrl-C once the report is written (work may still be pending). */
  forceExit: (code: number) => void
}

export function processContext(): RunContext {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: {
      write: (t) => void process.stderr.write(t),
      isTTY: process.stderr.isTTY === true,
      ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
    },
    env: process.env,
    cwd: process.cwd(),
    forceExit: (code) => process.exit(code),
    onSignal(handler) {
      process.on('SIGINT', handler)
      process.on('SIGTERM', handler)
      return () => {
        process.off('SIGINT', handler)
        process.off('SIGTERM', handler)
      }
    },
  }
}
