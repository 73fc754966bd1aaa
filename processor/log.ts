// One line per event to stderr, passwords redacted: the processor runs as a stack service
// whose log file is read by people, and connection errors love to echo URLs.
import { redactText } from '../stack/redact.ts'

export type Logger = (message: string) => void

export function createLogger(part: string, sink: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return (message) => sink(`${new Date().toISOString()} processor ${part}: ${redactText(message)}\n`)
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : ''
    const nested = (error as { errors?: unknown[] }).errors
    const inner = Array.isArray(nested) && nested[0] instanceof Error ? ` [${nested[0].message}]` : ''
    return `${error.message}${cause}${inner}`
  }
  return String(error)
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(errorText(value))
}

/**
 * Reports a streak of retried failures without flooding the log during a long outage: the
 * first failure, then a reminder every `intervalMs`, then one line when it recovers.
 */
export function retryReporter(log: Logger, intervalMs = 30_000) {
  let since: number | null = null
  let lastLine = 0
  let attempts = 0
  return {
    failed(message: string, retryInMs: number): void {
      attempts++
      const now = Date.now()
      if (since === null) {
        since = lastLine = now
        log(`${message}; retrying in ${retryInMs} ms`)
      } else if (now - lastLine >= intervalMs) {
        lastLine = now
        log(`still failing after ${attempts} attempts in ${Math.round((now - since) / 1000)} s: ${message}`)
      }
    },
    recovered(what: string): void {
      if (since === null) return
      log(`${what} after ${attempts} failed attempt(s) in ${Math.round((Date.now() - since) / 1000)} s`)
      since = null
      attempts = 0
    },
  }
}
