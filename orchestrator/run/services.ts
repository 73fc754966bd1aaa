// Preflight and "stack ensure": where the services are (stack/connections.ts), whether they
// answer, and, when every URL is the local stack's, starting it and the reference processor
// through the stack's API. Each unreachable service is reported with the command that fixes it.
import { ConnectionsConfigError, describeConnections, loadConnections, type Connections } from '../../stack/connections.ts'
import { status, up, type ServiceName } from '../../stack/index.ts'
import { ConfigError } from '../errors.ts'
import type { PreflightProblem } from '../engines/engine.ts'

export const PIPELINE_SERVICES = ['postgres', 'kafka', 'mongo'] as const satisfies readonly ServiceName[]

const ENV_VAR: Record<string, string> = { postgres: 'EVENTLOAD_PG_URL', kafka: 'EVENTLOAD_KAFKA_BROKERS', mongo: 'EVENTLOAD_MONGO_URL' }
const FILE_KEY: Record<string, string> = { postgres: 'postgres.url', kafka: 'kafka.brokers', mongo: 'mongo.url' }

/** Where the user set this service's address: the fix has to name that place, not another. */
function settingOf(service: string, c: Connections): string {
  if (c.source[service as keyof Connections['source']] === 'file' && c.configFile) return `${FILE_KEY[service]} in ${c.configFile}`
  return ENV_VAR[service] ?? 'its URL'
}

export function connectionsFor(env: NodeJS.ProcessEnv, cwd: string): Connections {
  try {
    return loadConnections({ env, cwd })
  } catch (err) {
    if (err instanceof ConnectionsConfigError) throw new ConfigError(err.issues)
    throw err
  }
}

/** True when no pipeline service points elsewhere: then the local stack is ours to start. */
export function usesLocalStack(c: Connections): boolean {
  return PIPELINE_SERVICES.every((s) => !c.external[s])
}

export interface ServiceCheck {
  service: ServiceName
  healthy: boolean
  detail?: string
  url: string
}

/** Health of the pipeline services (and the reference processor when the stack is local). */
export async function checkServices(c: Connections, env: NodeJS.ProcessEnv): Promise<ServiceCheck[]> {
  const names: ServiceName[] = [...PIPELINE_SERVICES, ...(usesLocalStack(c) ? (['processor'] as const) : [])]
  const rows = await status(names, { env, log: () => {} })
  return rows.map((r) => ({ service: r.service, healthy: r.healthy, url: r.url, ...(r.detail ? { detail: r.detail } : {}) }))
}

export function problemsOf(checks: ServiceCheck[], c: Connections): PreflightProblem[] {
  return checks
    .filter((s) => !s.healthy)
    .map((s) => {
      const external = s.service !== 'processor' && c.external[s.service]
      const fix = external
        ? `check that ${s.url} is up and reachable from here, or fix ${settingOf(s.service, c)} (docs/orchestrator.md "Connections")`
        : s.service === 'processor'
          ? 'start it with `npm run stack -- up processor` (logs: `npm run stack -- logs processor`), or drop --no-stack'
          : `start the local stack with \`npm run stack -- up\` (or drop --no-stack so the run starts it)`
      return { what: `${s.service} (${s.url})`, problem: `not reachable: ${s.detail ?? 'no answer'}`, fix }
    })
}

/** Starts what is not running; returns one line per service for the log ("kafka already running"). */
export async function ensureLocalStack(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string[]> {
  const results = await up([...PIPELINE_SERVICES, 'processor'], { env, log })
  return results.map((r) => `${r.service} ${r.outcome ?? r.error ?? ''}${r.outcome === 'started' ? ` in ${(r.ms / 1000).toFixed(1)}s` : ''}`)
}

export { describeConnections }
