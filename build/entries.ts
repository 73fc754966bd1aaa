// Which scenarios exist: every .ts file directly under scenarios/ is one (lib/ and types/ are not).

import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { REPO_ROOT } from '../stack/options.ts'

export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios')
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'dist', 'k6')

export function scenarioNames(dir: string = SCENARIOS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => e.name.slice(0, -3))
    .sort()
}

export function scenarioSource(name: string, dir: string = SCENARIOS_DIR): string {
  return resolve(dir, `${name}.ts`)
}

export function bundlePath(name: string, outDir: string = DEFAULT_OUT_DIR): string {
  return join(outDir, `${name}.js`)
}

/** Checks names against the scenarios on disk; the error lists the valid ones. */
export function resolveNames(names: readonly string[] | undefined, dir: string = SCENARIOS_DIR): string[] {
  const all = scenarioNames(dir)
  if (!names || names.length === 0) return all
  const unknown = names.filter((n) => !all.includes(n))
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.map((n) => `"${n}"`).join(', ')}; scenarios: ${all.join(', ')}`)
  return [...names]
}
