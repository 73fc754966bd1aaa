// Prometheus (Debian's package, or any `prometheus` on PATH) with the remote-write receiver,
// so the orchestrator can push load-test metrics for Grafana. Run directly, not as the
// distribution's systemd service, with data under the stack's state dir.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { which } from '../process/which.ts'
import { prometheusConfig } from '../prometheus/config.ts'
import { TOOLS } from '../prereqs.ts'
import type { Health, Prerequisite, StackContext } from '../service.ts'
import { DaemonService, type LaunchSpec } from './daemon-service.ts'

export class PrometheusService extends DaemonService {
  readonly name = 'prometheus' as const
  protected override stopGraceMs = 20_000

  protected ports(ctx: StackContext): number[] {
    return [ctx.options.ports.prometheus]
  }

  protected url(ctx: StackContext): string {
    return ctx.connections.prometheus.url
  }

  prerequisites(): Prerequisite[] {
    return [TOOLS.prometheus]
  }

  private configFile(ctx: StackContext): string {
    return join(this.dataDir(ctx), 'prometheus.yml')
  }

  protected provision(ctx: StackContext): Promise<void> {
    mkdirSync(join(this.dataDir(ctx), 'data'), { recursive: true })
    writeFileSync(
      this.configFile(ctx),
      prometheusConfig({ port: ctx.options.ports.prometheus, processorMetricsPort: ctx.options.ports.processorMetrics }),
    )
    return Promise.resolve()
  }

  protected launch(ctx: StackContext): Promise<LaunchSpec> {
    const bin = which('prometheus', ctx.env.PATH)
    if (!bin) throw new Error('prometheus: not found on PATH') // checked earlier by checkPrerequisites
    return Promise.resolve({
      command: bin,
      args: [
        `--config.file=${this.configFile(ctx)}`,
        `--storage.tsdb.path=${join(this.dataDir(ctx), 'data')}`,
        '--storage.tsdb.retention.time=15d',
        `--web.listen-address=127.0.0.1:${ctx.options.ports.prometheus}`,
        // a stable flag since 2.33; the feature-flag spelling is deprecated
        '--web.enable-remote-write-receiver',
        '--web.enable-lifecycle',
      ],
      env: ctx.env,
    })
  }

  async health(ctx: StackContext): Promise<Health> {
    const base = ctx.connections.prometheus.url.replace(/\/+$/, '')
    try {
      const ready = await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(2000) })
      if (!ready.ok) return { healthy: false, detail: `/-/ready answered ${ready.status}` }
      const info = await fetch(`${base}/api/v1/status/buildinfo`, { signal: AbortSignal.timeout(2000) })
      const body = (await info.json()) as { data?: { version?: string } }
      return { healthy: true, ...(body.data?.version ? { version: body.data.version } : {}) }
    } catch (err) {
      return { healthy: false, detail: (err as Error).message }
    }
  }
}
