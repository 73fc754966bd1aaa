// Runs a scenario bundle the way a user does, `eventload run dist/k6/<name>.js -e ...` (the node
// engine), building it first if stale. Returns the exit code, the output and the exported summary.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { ensureBundle } from '../../../build/bundle.ts'
import { loadConnections } from '../../../stack/connections.ts'
import { REPO_ROOT } from '../../../stack/options.ts'

export interface ScenarioRun {
  exitCode: number
  stdout: string
  stderr: string
  /** k6's --summary-export shape: metrics by name. */
  summary: { metrics: Record<string, Record<string, number>> } | undefined
  wallMs: number
}

export async function runScenario(name: string, env: Record<string, string>, timeoutMs = 120_000): Promise<ScenarioRun> {
  const bundle = await ensureBundle(name)
  const dir = mkdtempSync(join(tmpdir(), `eventload-${name}-`))
  const summaryFile = join(dir, 'summary.json')
  const args = ['bin/eventload.js', 'run', bundle.file, '--summary-export', summaryFile]
  // The resolved settings, not the bundle's built-in defaults, so an isolated stack on other
  // ports (EVENTLOAD_*_PORT) is the one the scenario writes to.
  const connections = loadConnections()
  const withConnections = { PG_URL: connections.postgres.url, KAFKA_BROKERS: connections.kafka.brokers.join(','), ...env }
  for (const [key, value] of Object.entries(withConnections)) args.push('-e', `${key}=${value}`)
  const started = performance.now()
  try {
    const result = await execa(process.execPath, args, { cwd: REPO_ROOT, reject: false, timeout: timeoutMs, all: false })
    let summary: ScenarioRun['summary']
    try {
      summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as ScenarioRun['summary']
    } catch {
      summary = undefined
    }
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), summary, wallMs: performance.now() - started }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
