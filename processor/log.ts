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
