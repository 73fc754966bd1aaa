// Programmatic API of the local stack: up, down, status, logs. The CLI (stack/cli.ts) and other
// areas (the processor's Kafka-restart test, the orchestrator's "ensure the stack") call these.
import { join } from 'node:path'
import { loadConnections } from './connections.ts'
import { nativeProvider } from './native-provider.ts'
import { resolveStackOptions, type StackOptions, type StackPorts } from './options.ts'
import { checkPrerequisites } from './prereqs.ts'
import { withLock } from './process/lock.ts'
import { redactText } from './redact.ts'
import type { DownOutcome, Service, ServiceProvider, ServiceStatus, StackContext, UpOutcome } from './service.ts'
import { SERVICE_NAMES, type ServiceName } from './topology.ts'

export { SERVICE_NAMES, type ServiceName } from './topology.ts'
export type { ServiceStatus } from './service.ts'

export interface StackRunOptions {
  /** Environment for config, PATH lookups and children (default: process.env). */
  env?: NodeJS.ProcessEnv
  /** Programmatic overrides of state dir, cache dir and ports (win over env). */
  overrides?: Partial<Omit<StackOptions, 'ports'>> & { ports?: Partial<StackPorts> }
  /** Progress lines (default: stderr). */
  log?: (line: string) => void
  provider?: ServiceProvider
}

export interface ServiceResult<O> {
  service: ServiceName
  outcome?: O
  error?: string
  ms: number
}

export class StackCommandError extends Error {
  override name = 'StackCommandError'
  constructor(readonly results: ServiceResult<unknown>[]) {
    super(results.filter((r) => r.error).map((r) => r.error).join('\n'))
  }
}

const LOCK_TIMEOUT_MS = 15 * 60_000

export function stackContext(opts: StackRunOptions = {}): StackContext {
  const env = opts.env ?? process.env
  const options = resolveStackOptions(env, opts.overrides)
  const connections = loadConnections({ env, stack: options })
  const write = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  return { options, connections, env, log: (service, message) => write(`${service.padEnd(10)} ${redactText(message)}`) }
}

function select(provider: ServiceProvider, names: readonly ServiceName[] | undefined): Service[] {
  const all = provider.services()
  if (!names || names.length === 0) return all
  for (const n of names) {
    if (!SERVICE_NAMES.includes(n)) throw new Error(`unknown service "${n}"; expected one of ${SERVICE_NAMES.join(', ')}`)
  }
  return all.filter((s) => names.includes(s.name))
}

/** Starts the given services (default: all) and their dependencies; waits until each is healthy. */
export async function up(services?: readonly ServiceName[], opts: StackRunOptions = {}): Promise<ServiceResult<UpOutcome>[]> {
  const ctx = stackContext(opts)
  const provider = opts.provider ?? nativeProvider
  const wanted = new Set(select(provider, services).map((s) => s.name))
  const all = provider.services()
  // pull in dependencies, transitively
  for (let grew = true; grew; ) {
    grew = false
    for (const s of all) {
      if (!wanted.has(s.name)) continue
      for (const d of s.dependsOn(ctx)) {
        if (wanted.has(d)) continue
        wanted.add(d)
        grew = true
      }
    }
  }
  const chosen = all.filter((s) => wanted.has(s.name))
  const local = chosen.filter((s) => !isExternal(ctx, s) && !s.skipReason(ctx))
  // Fail before starting anything when a tool is missing.
  checkPrerequisites(
    local.map((s) => ({ service: s.name, prerequisites: s.prerequisites(ctx) })),
    ctx.env.PATH,
  )
  return withLock(lockPath(ctx), LOCK_TIMEOUT_MS, () => ctx.log('stack', 'waiting for another stack command to finish'), async () => {
    const started = new Map<ServiceName, Promise<ServiceResult<UpOutcome>>>()
    const startOne = (s: Service): Promise<ServiceResult<UpOutcome>> => {
      const existing = started.get(s.name)
      if (existing) return existing
      const p = (async (): Promise<ServiceResult<UpOutcome>> => {
        const deps = s.dependsOn(ctx).map((d) => chosen.find((c) => c.name === d)).filter((d): d is Service => !!d)
        const depResults = await Promise.all(deps.map(startOne))
        const t0 = Date.now()
        const failedDep = depResults.find((r) => r.error)
        if (failedDep) return { service: s.name, error: `${s.name}: not started, ${failedDep.service} failed`, ms: 0 }
        const skip = s.skipReason(ctx)
        if (skip) {
          ctx.log(s.name, `skipped: ${skip}`)
          return { service: s.name, outcome: 'skipped', ms: 0 }
        }
        try {
          const outcome = isExternal(ctx, s) ? await checkExternal(ctx, s) : await s.up(ctx)
          const ms = Date.now() - t0
          ctx.log(s.name, `${outcome}${outcome === 'started' ? ` in ${(ms / 1000).toFixed(1)}s` : ''}`)
          return { service: s.name, outcome, ms }
        } catch (err) {
          return { service: s.name, error: redactText((err as Error).message), ms: Date.now() - t0 }
        }
      })()
      started.set(s.name, p)
      return p
    }
    const results = await Promise.all(chosen.map(startOne))
    if (results.some((r) => r.error)) throw new StackCommandError(results)
    return results
  })
}

/** Stops the given services (default: all), dependants first; waits until their ports are free. */
export async function down(services?: readonly ServiceName[], opts: StackRunOptions = {}): Promise<ServiceResult<DownOutcome>[]> {
  const ctx = stackContext(opts)
  const provider = opts.provider ?? nativeProvider
  const chosen = select(provider, services).reverse()
  return withLock(lockPath(ctx), LOCK_TIMEOUT_MS, () => ctx.log('stack', 'waiting for another stack command to finish'), async () => {
    const results: ServiceResult<DownOutcome>[] = []
    for (const s of chosen) {
      const t0 = Date.now()
      try {
        const outcome = isExternal(ctx, s) ? 'external' : await s.down(ctx)
        ctx.log(s.name, outcome === 'external' ? 'external, left alone' : outcome)
        results.push({ service: s.name, outcome, ms: Date.now() - t0 })
      } catch (err) {
        results.push({ service: s.name, error: `${s.name}: ${redactText((err as Error).message)}`, ms: Date.now() - t0 })
      }
    }
    if (results.some((r) => r.error)) throw new StackCommandError(results)
    return results
  })
}

/** One row per service: url (redacted), pid, healthy, version. */
export async function status(services?: readonly ServiceName[], opts: StackRunOptions = {}): Promise<ServiceStatus[]> {
  const ctx = stackContext(opts)
  const provider = opts.provider ?? nativeProvider
  return Promise.all(
    select(provider, services).map(async (s): Promise<ServiceStatus> => {
      const skip = s.skipReason(ctx)
      if (skip) return { service: s.name, url: '', mode: 'skipped', healthy: false, detail: skip }
      if (isExternal(ctx, s)) {
        const st = await s.status(ctx)
        return { ...st, mode: 'external', pid: undefined, ...(await s.health(ctx)) }
      }
      return s.status(ctx)
    }),
  )
}

/** Log files of the given service (default: all). */
export function logFiles(service?: ServiceName, opts: StackRunOptions = {}): { service: ServiceName; file: string }[] {
  const ctx = stackContext(opts)
  const provider = opts.provider ?? nativeProvider
  return select(provider, service ? [service] : undefined).flatMap((s) => s.logFiles(ctx).map((file) => ({ service: s.name, file })))
}

function isExternal(ctx: StackContext, s: Service): boolean {
  return s.name !== 'processor' && ctx.connections.external[s.name]
}

async function checkExternal(ctx: StackContext, s: Service): Promise<UpOutcome> {
  const h = await s.health(ctx)
  if (!h.healthy) throw new Error(`${s.name}: the external service is not reachable/healthy: ${h.detail ?? 'unknown reason'}`)
  return 'external'
}

function lockPath(ctx: StackContext): string {
  return join(ctx.options.stateDir, 'run', 'stack.lock')
}
