// Shared test helpers: a RunConfig from flag-like settings, temp dirs that clean themselves up.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadRunConfig } from '../../orchestrator/config/load.ts'
import type { RunConfig } from '../../orchestrator/config/schema.ts'
import type { RawConfig } from '../../orchestrator/config/sources.ts'

export const FIXTURES = join(import.meta.dirname, 'fixtures')

export function flags(values: Record<string, unknown>): RawConfig {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, label: `--${k}` }]))
}

export function testConfig(values: Record<string, unknown>, scenarios = ['smoke', 'stress']): RunConfig {
  const cwd = mkdtempSync(join(tmpdir(), 'eventload-cfg-'))
  try {
    return loadRunConfig({ flags: flags(values), env: {}, cwd, scenarios })
  } finally {
    rmSync(cwd, { recursive: true, force: true })
  }
}

export function tempDir(prefix = 'eventload-test-'): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) }
}
