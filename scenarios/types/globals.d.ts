// Globals that k6 (and the node engine) provide but @types/k6 leaves to the DOM lib, which scenario
// code must not pull in.

declare const console: {
  log(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  debug(...args: unknown[]): void
}

/** Values the build injects from stack/topology.ts (see build/defines.ts). */
declare const __EVENTLOAD_DEFAULTS__: {
  readonly pgUrl: string
  readonly kafkaBrokers: string
  readonly kafkaTopic: string
}
