// GET /healthz (the stack's health check) and GET /metrics (Prometheus text format).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Registry } from 'prom-client'

export interface HealthReport {
  readonly ok: boolean
  readonly parts: Record<string, { ok: boolean; detail: string }>
}

export interface MetricsServer {
  readonly port: number
  close(): Promise<void>
}

export async function startMetricsServer(port: number, registry: Registry, health: () => HealthReport): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
    } else if (path === '/healthz') {
      const report = health()
      res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: report.ok ? 'ok' : 'unavailable', parts: report.parts }))
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500).end(String(error)),
      )
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n')
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`metrics port ${port} is in use (another processor running?): pass --metrics-port 0 for any free port, or stop it`)
          : error,
      ),
    )
    server.listen(port, '0.0.0.0', resolve)
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
