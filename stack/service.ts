// The small interface every local-stack service implements, and the provider that lists them.
// A provider (today: native processes; a Docker one would fit the same shape) decides HOW a
// service runs; callers only ever see up/down/health/status/logs.
import type { Connections } from './connections.ts'
import type { StackOptions } from './options.ts'
import type { ServiceName } from './topology.ts'

export interface StackContext {
  options: StackOptions
  connections: Connections
  /** Environment used for PATH lookups and passed to children (tests narrow PATH here). */
  env: NodeJS.ProcessEnv
  /** Progress line for humans (stderr in the CLI). */
  log(service: ServiceName | 'stack', message: string): void
}

/** A program a service needs on PATH, with how to get it. */
export interface Prerequisite {
  command: string
  /** What it is needed for, e.g. "runs the Kafka broker". */
  purpose: string
  /** How to install it, e.g. "apt-get install -y openjdk-17-jre-headless". */
  install: string
}

export interface Health {
  healthy: boolean
  version?: string
  /** Why it is unhealthy, or a note ("external", "sqlite backend"). */
  detail?: string
}

export interface ServiceStatus extends Health {
  service: ServiceName
  /** Connection URL with any password redacted. */
  url: string
  pid?: number
  /** Where it runs: 'local' (we manage it), 'external' (the user's), 'skipped' (not available). */
  mode: 'local' | 'external' | 'skipped'
}

export type UpOutcome = 'started' | 'already running' | 'external' | 'skipped'
export type DownOutcome = 'stopped' | 'killed' | 'not running' | 'external'

export interface Service {
  readonly name: ServiceName
  /** Services that must be healthy before this one starts. */
  dependsOn(ctx: StackContext): ServiceName[]
  /** Programs needed on PATH for `up`, given the current cache (a warm cache needs fewer). */
  prerequisites(ctx: StackContext): Prerequisite[]
  /** A reason to leave this service out entirely (shown as a one-line notice), or undefined. */
  skipReason(ctx: StackContext): string | undefined
  /** Provisions what is missing, starts the service and waits until it really serves. */
  up(ctx: StackContext): Promise<UpOutcome>
  /** Stops it (and every child), waits until its ports are free. */
  down(ctx: StackContext): Promise<DownOutcome>
  /** A real request against the service (query, round trip), not just an open port. */
  health(ctx: StackContext): Promise<Health>
  status(ctx: StackContext): Promise<ServiceStatus>
  logFiles(ctx: StackContext): string[]
}

export interface ServiceProvider {
  readonly name: string
  /** All services in start order. */
  services(): Service[]
}
