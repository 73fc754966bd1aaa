// Where each run setting came from, so an error names what the user typed: `--rate`,
// `EVENTLOAD_ENGINE`, or `eventload.config.json: run.workers`. Precedence: flags > env > file.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export interface RawSetting {
  value: unknown
  /** How to name this setting in an error message. */
  label: string
}

export type RawConfig = Record<string, RawSetting>

/** Config keys -> the flag that sets them (also the label used in messages). */
export const FLAG_OF: Record<string, string> = {
  scenario: '<scenario>',
  engine: '--engine',
  workers: '--workers',
  rate: '--rate',
  duration: '--duration',
  events: '--events',
  vus: '--vus',
  env: '-e',
  tag: '--tag',
  out: '--out',
  profile: '--profile',
  verify: '--no-verify',
  stack: '--no-stack',
  drainTimeout: '--drain-timeout',
  consumerGroup: '--consumer-group',
  reportDir: '--report-dir',
  runId: '--run-id',
  seed: '--seed',
  k6Binary: '--k6-binary',
  image: '--image',
  namespace: '--namespace',
  apply: '--apply',
  dashboard: '--dashboard',
  debug: '--debug',
}

/** Env vars read for run settings (connections have their own, see stack/connections.ts). */
export const ENV_OF: Record<string, string> = {
  engine: 'EVENTLOAD_ENGINE',
  workers: 'EVENTLOAD_WORKERS',
  drainTimeout: 'EVENTLOAD_DRAIN_TIMEOUT',
  reportDir: 'EVENTLOAD_REPORT_DIR',
  profile: 'EVENTLOAD_PROFILE',
  k6Binary: 'K6_BINARY',
  image: 'EVENTLOAD_K6_IMAGE',
  namespace: 'EVENTLOAD_K8S_NAMESPACE',
  dashboard: 'EVENTLOAD_DASHBOARD',
}

export function fromEnv(env: NodeJS.ProcessEnv): RawConfig {
  const out: RawConfig = {}
  for (const [key, name] of Object.entries(ENV_OF)) {
    const value = env[name]
    if (value !== undefined && value !== '') out[key] = { value, label: name }
  }
  return out
}

/**
 * The "run" section of the config file (the same file stack/connections.ts reads for service
 * URLs: EVENTLOAD_CONFIG or ./eventload.config.json). Missing file = no settings.
 */
export function fromFile(env: NodeJS.ProcessEnv, cwd: string, issues: string[]): RawConfig {
  const explicit = env.EVENTLOAD_CONFIG
  const path = resolve(cwd, explicit || 'eventload.config.json')
  if (!existsSync(path)) {
    if (explicit) issues.push(`EVENTLOAD_CONFIG: file not found: ${path}`)
    return {}
  }
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    issues.push(`${path}: not valid JSON (${(err as Error).message})`)
    return {}
  }
  const run = (data as Record<string, unknown> | null)?.run
  if (run === undefined) return {}
  if (typeof run !== 'object' || run === null || Array.isArray(run)) {
    issues.push(`${path}: run: expected an object of run settings (engine, workers, drainTimeout, ...)`)
    return {}
  }
  const out: RawConfig = {}
  for (const [key, value] of Object.entries(run)) out[key] = { value, label: `${path}: run.${key}` }
  return out
}

/** Later sources win. */
export function mergeSources(...sources: RawConfig[]): RawConfig {
  return Object.assign({}, ...sources) as RawConfig
}
