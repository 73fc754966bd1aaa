// What every natively-run service shares: pid file and log file under the state dir, the
// "already running" check, the port-in-use check, start-then-wait-until-healthy (failing fast
// with the log tail if the process dies), and stop-the-whole-group-then-wait-for-ports.
import { join } from 'node:path'
import { redactText, redactUrl } from '../redact.ts'
import type { DownOutcome, Health, Prerequisite, Service, ServiceStatus, StackContext, UpOutcome } from '../service.ts'
import type { ServiceName } from '../topology.ts'
import {
  isAlive,
  readPidFile,
  removePidFile,
  startDaemon,
  tailFile,
  type DaemonSpec,
  type PidRecord,
} from '../process/daemon.ts'
import { isPortFree, portOwnedBy, waitPortsFree } from '../process/ports.ts'
import { serviceProcesses, stopProcessTree } from '../process/tree.ts'
import { waitFor } from '../process/wait.ts'

export type LaunchSpec = Pick<DaemonSpec, 'command' | 'args' | 'cwd' | 'env' | 'uid' | 'gid'>

export class ServiceStartError extends Error {
  override name = 'ServiceStartError'
}

export abstract class DaemonService implements Service {
  abstract readonly name: ServiceName
  /** Signal that starts a graceful shutdown. */
  protected stopSignal: NodeJS.Signals = 'SIGTERM'
  protected stopGraceMs = 20_000
  protected startTimeoutMs = 60_000

  /** Ports this service listens on (checked free before start, waited free after stop). */
  protected abstract ports(ctx: StackContext): number[]
  /** Connection URL shown by `status` (redacted on print). */
  protected abstract url(ctx: StackContext): string
  /** Makes sure artifacts, config files and data dirs exist; may log progress. */
  protected abstract provision(ctx: StackContext): Promise<void>
  protected abstract launch(ctx: StackContext): Promise<LaunchSpec>
  abstract health(ctx: StackContext): Promise<Health>
  abstract prerequisites(ctx: StackContext): Prerequisite[]

  /** Runs whenever the service is healthy after `up`, fresh or already running (migrations, topics); must be idempotent. */
  protected ready(_ctx: StackContext): Promise<void> {
    return Promise.resolve()
  }

  dependsOn(_ctx: StackContext): ServiceName[] {
    return []
  }

  skipReason(_ctx: StackContext): string | undefined {
    return undefined
  }

  protected dataDir(ctx: StackContext): string {
    return join(ctx.options.stateDir, this.name)
  }

  protected pidFile(ctx: StackContext): string {
    return join(ctx.options.stateDir, 'run', `${this.name}.pid`)
  }

  protected logFile(ctx: StackContext): string {
    return join(ctx.options.stateDir, 'logs', `${this.name}.log`)
  }

  logFiles(ctx: StackContext): string[] {
    return [this.logFile(ctx)]
  }

  /** The recorded process, if it is still alive. */
  protected running(ctx: StackContext): PidRecord | undefined {
    const rec = readPidFile(this.pidFile(ctx))
    return rec && isAlive(rec) ? rec : undefined
  }

  async up(ctx: StackContext): Promise<UpOutcome> {
    const existing = this.running(ctx)
    if (existing) {
      await this.waitHealthy(ctx, existing)
      await this.ready(ctx)
      return 'already running'
    }
    removePidFile(this.pidFile(ctx))
    await this.assertPortsFree(ctx)
    await this.provision(ctx)
    const spec = await this.launch(ctx)
    // again: a cold provision can take minutes, and someone may have taken a port meanwhile
    await this.assertPortsFree(ctx)
    ctx.log(this.name, 'starting')
    const rec = await startDaemon({
      ...spec,
      service: this.name,
      logFile: this.logFile(ctx),
      pidFile: this.pidFile(ctx),
      ports: this.ports(ctx),
    })
    try {
      await this.waitHealthy(ctx, rec)
      await this.ready(ctx)
    } catch (err) {
      // A half-started service must not linger: the next `up` would see it "already running".
      await this.stop(ctx, rec).catch(() => undefined)
      throw err
    }
    return 'started'
  }

  private async assertPortsFree(ctx: StackContext): Promise<void> {
    for (const port of this.ports(ctx)) {
      if (!(await isPortFree(port))) {
        throw new ServiceStartError(
          `${this.name}: port ${port} is already in use by another process (not one this stack started; ` +
            `find it with \`ss -ltnp 'sport = :${port}'\`). Stop it, or run the stack on other ports ` +
            `(see docs/stack.md, EVENTLOAD_*_PORT).`,
        )
      }
    }
  }

  /** Ports of this service not (yet) held by its own processes; empty when all are, or when /proc is missing. */
  private portsNotOwned(ctx: StackContext, rec: PidRecord): number[] {
    const pids = serviceProcesses(rec.pid).map((p) => p.pid)
    return this.ports(ctx).filter((port) => portOwnedBy(pids, port) === false)
  }

  private async waitHealthy(ctx: StackContext, rec: PidRecord): Promise<void> {
    let last: Health | undefined
    try {
      await waitFor(
        async () => {
          if (!isAlive(rec)) throw new ProcessDied()
          last = await this.health(ctx)
          // healthy only counts if it is OUR process answering, not a stranger on the same port
          const foreign = last.healthy ? this.portsNotOwned(ctx, rec) : []
          if (foreign.length) last = { healthy: false, detail: `port ${foreign.join(', ')} not held by pid ${rec.pid}'s processes` }
          return last.healthy
        },
        { timeoutMs: this.startTimeoutMs, intervalMs: 300, what: `${this.name} to become healthy` },
      )
    } catch (err) {
      const died = err instanceof ProcessDied || !isAlive(rec)
      const tail = redactText(tailFile(this.logFile(ctx), 15))
      const why = died ? `exited during start` : `${(err as Error).message}${last?.detail ? ` (${last.detail})` : ''}`
      throw new ServiceStartError(
        `${this.name}: ${why}. Log: ${this.logFile(ctx)}${tail ? `\n--- last lines ---\n${tail}` : ''}`,
      )
    }
  }

  async down(ctx: StackContext): Promise<DownOutcome> {
    const rec = readPidFile(this.pidFile(ctx))
    if (!rec || !isAlive(rec)) {
      // A leftover group member (e.g. a postgres backend) would still hold the port.
      const outcome = rec ? await stopProcessTree(rec.pid, { signal: 'SIGKILL', graceMs: 0 }) : 'not-running'
      removePidFile(this.pidFile(ctx))
      return outcome === 'not-running' ? 'not running' : 'killed'
    }
    return this.stop(ctx, rec)
  }

  private async stop(ctx: StackContext, rec: PidRecord): Promise<DownOutcome> {
    ctx.log(this.name, `stopping pid ${rec.pid}`)
    const outcome = await stopProcessTree(rec.pid, { signal: this.stopSignal, graceMs: this.stopGraceMs })
    removePidFile(this.pidFile(ctx))
    await waitPortsFree(rec.ports, 15_000)
    return outcome === 'killed' ? 'killed' : outcome === 'stopped' ? 'stopped' : 'not running'
  }

  async status(ctx: StackContext): Promise<ServiceStatus> {
    const rec = this.running(ctx)
    const url = redactUrl(this.url(ctx))
    if (!rec) return { service: this.name, url, mode: 'local', healthy: false, detail: 'not running' }
    const health = await this.health(ctx).catch((err: Error): Health => ({ healthy: false, detail: err.message }))
    return { service: this.name, url, mode: 'local', pid: rec.pid, ...health }
  }
}

class ProcessDied extends Error {}
