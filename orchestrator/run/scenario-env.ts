// What the script sees in __ENV and which tags every sample carries: the user's -e values, the
// knob flags (--rate -> RATE ...; they win over -e), the run id and seed, and the connection
// URLs when the pipeline is not the local stack (the bundle defaults to the local stack).
import { bundleDefaults } from '../../build/defines.ts'
import type { Connections } from '../../stack/connections.ts'
import type { RunConfig } from '../config/schema.ts'

export function scenarioEnv(c: RunConfig, connections: Connections | undefined): Record<string, string> {
  const env: Record<string, string> = { ...c.env }
  if (connections) {
    // The bundle defaults to the local stack on its standard ports; anything else is passed in
    // (an external database, or a second local stack on overridden ports).
    const defaults = bundleDefaults()
    const pgUrl = connections.external.postgres ? connections.postgres.url : `${connections.postgres.url}?sslmode=disable`
    const brokers = connections.kafka.brokers.join(',')
    if (pgUrl !== defaults.pgUrl) env.PG_URL ??= pgUrl
    if (brokers !== defaults.kafkaBrokers) env.KAFKA_BROKERS ??= brokers
  }
  if (c.rate !== undefined) env.RATE = String(c.rate)
  if (c.duration !== undefined) env.DURATION = `${c.duration}ms`
  if (c.events !== undefined) env.EVENTS = String(c.events)
  if (c.vus !== undefined) env.VUS = String(c.vus)
  env.RUN_ID = c.runId
  if (c.seed !== undefined) env.SEED = c.seed
  return env
}

export function runTags(c: RunConfig): Record<string, string> {
  // `testid` is what Grafana's k6 dashboards filter on (k6-semantics.md §6.3).
  return { ...c.tag, run_id: c.runId, testid: c.runId }
}

/** The scenario's own plan line, logged by setup(): "<n> events at <r>/s over <d>s". */
export function planFromLog(line: string): { events: number; rate: number; durationMs: number } | undefined {
  const m = /(\d+) events at ([\d.]+)\/s over ([\d.]+)s/.exec(line)
  return m ? { events: Number(m[1]), rate: Number(m[2]), durationMs: Number(m[3]) * 1000 } : undefined
}
