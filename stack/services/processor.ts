// The reference event processor (processor/, owned by its own area) as the fifth stack
// service: `node --import tsx processor/cli.ts run`, ready when GET /healthz answers 200.
// It inherits the stack's environment, so it resolves the same connections (stack/connections.ts).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../options.ts'
import type { Health, Prerequisite, StackContext } from '../service.ts'
import type { ServiceName } from '../topology.ts'
import { DaemonService, type LaunchSpec } from './daemon-service.ts'

export const PROCESSOR_CLI = join(REPO_ROOT, 'processor', 'cli.ts')

export class ProcessorService extends DaemonService {
  readonly name = 'processor' as const
  protected override stopGraceMs = 20_000

  override dependsOn(): ServiceName[] {
    return ['postgres', 'kafka', 'mongo']
  }

  override skipReason(): string | undefined {
    return existsSync(PROCESSOR_CLI) ? undefined : `${PROCESSOR_CLI} does not exist yet`
  }

  protected ports(ctx: StackContext): number[] {
    return [ctx.options.ports.processorMetrics]
  }

  protected url(ctx: StackContext): string {
    return `http://127.0.0.1:${ctx.options.ports.processorMetrics}/metrics`
  }

  prerequisites(): Prerequisite[] {
    return [] // runs on the Node that runs us
  }

  protected provision(): Promise<void> {
    return Promise.resolve()
  }

  protected launch(ctx: StackContext): Promise<LaunchSpec> {
    return Promise.resolve({
      command: process.execPath,
      args: ['--import', 'tsx', PROCESSOR_CLI, 'run'],
      cwd: REPO_ROOT,
      env: {
        ...ctx.env,
        EVENTLOAD_STATE_DIR: ctx.options.stateDir,
        EVENTLOAD_PROCESSOR_METRICS_PORT: String(ctx.options.ports.processorMetrics),
      },
    })
  }

  async health(ctx: StackContext): Promise<Health> {
    try {
      const res = await fetch(`http://127.0.0.1:${ctx.options.ports.processorMetrics}/healthz`, {
        signal: AbortSignal.timeout(2000),
      })
      await res.body?.cancel()
      return res.ok ? { healthy: true, version: packageVersion() } : { healthy: false, detail: `/healthz answered ${res.status}` }
    } catch (err) {
      return { healthy: false, detail: (err as Error).message }
    }
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version
}
