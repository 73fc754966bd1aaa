// Bundles scenarios into self-contained k6 scripts: dist/k6/<name>.js (+ .js.map).
// ESM, platform neutral, target ES2020 (inside what k6's Sobek runs), k6 / k6/* and remote
// https:// modules left external (k6 resolves them; k6/x/* are the extensions), exports kept as
// written (options, setup, default), not minified so stack traces and reviews stay readable.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, relative, resolve } from 'node:path'
import * as esbuild from 'esbuild'
import { REPO_ROOT } from '../stack/options.ts'
import { defineMap } from './defines.ts'
import { bundlePath, DEFAULT_OUT_DIR, resolveNames, scenarioSource, SCENARIOS_DIR } from './entries.ts'
import { hashText, readManifest, staleReason, writeManifest, type Manifest } from './manifest.ts'

export const ESBUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  external: ['k6', 'k6/*', 'https://*', 'http://*'],
  sourcemap: 'linked',
  minify: false,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'silent',
} as const satisfies esbuild.BuildOptions

export interface BundleResult {
  name: string
  file: string
  bytes: number
  status: 'built' | 'fresh'
  /** Why it was rebuilt. */
  reason?: string
}

export interface BuildOptions {
  /** Scenario names; all when empty. */
  names?: readonly string[]
  /** Rebuild even when fresh. */
  force?: boolean
  outDir?: string
  scenariosDir?: string
}

function settingsHash(): string {
  return hashText(JSON.stringify({ esbuild: esbuild.version, options: ESBUILD_OPTIONS, define: defineMap() }))
}

/**
 * Builds the named scenarios that are stale (all of them with `force`) in one esbuild call and
 * writes each output atomically, so a concurrent reader never sees half a bundle.
 */
export async function buildScenarios(opts: BuildOptions = {}): Promise<BundleResult[]> {
  const outDir = opts.outDir ?? DEFAULT_OUT_DIR
  const dir = opts.scenariosDir ?? SCENARIOS_DIR
  const names = resolveNames(opts.names, dir)
  const settings = settingsHash()
  const manifest: Manifest = readManifest(outDir)
  const results: BundleResult[] = []
  const toBuild: { name: string; reason: string }[] = []
  for (const name of names) {
    const reason = opts.force ? 'forced' : staleReason(manifest[name], settings, bundlePath(name, outDir), REPO_ROOT)
    if (reason === undefined) {
      results.push({ name, file: bundlePath(name, outDir), bytes: manifest[name]!.bytes, status: 'fresh' })
    } else {
      toBuild.push({ name, reason })
    }
  }
  if (toBuild.length > 0) {
    let out: esbuild.BuildResult<{ metafile: true; write: false }>
    try {
      out = await esbuild.build({
        ...ESBUILD_OPTIONS,
        entryPoints: Object.fromEntries(toBuild.map(({ name }) => [name, scenarioSource(name, dir)])),
        outdir: outDir,
        absWorkingDir: REPO_ROOT,
        define: defineMap(),
        banner: { js: '// Built by eventload (build/) from scenarios/*.ts: edit the TypeScript source, not this file.' },
        metafile: true,
        write: false,
      })
    } catch (error) {
      throw new Error(formatBuildError(error))
    }
    mkdirSync(outDir, { recursive: true })
    for (const file of out.outputFiles) {
      const tmp = `${file.path}.${process.pid}.tmp`
      writeFileSync(tmp, file.contents)
      renameSync(tmp, file.path)
    }
    for (const { name, reason } of toBuild) {
      const file = bundlePath(name, outDir)
      const meta = out.metafile.outputs[relative(REPO_ROOT, file)] ?? findOutput(out.metafile, file)
      const inputs: Record<string, string> = {}
      for (const input of Object.keys(meta.inputs)) {
        // Paths are relative to absWorkingDir (REPO_ROOT); "<define:...>" entries are not files.
        if (input.startsWith('<')) continue
        inputs[input] = hashText(readFileSync(resolve(REPO_ROOT, input)))
      }
      const bytes = meta.bytes
      manifest[name] = { settings, inputs, bytes }
      results.push({ name, file, bytes, status: 'built', reason })
    }
    writeManifest(outDir, manifest)
  }
  return results.sort((a, b) => a.name.localeCompare(b.name))
}

/** What the orchestrator calls before a run: builds the scenario only if stale, returns its path. */
export async function ensureBundle(name: string, opts: Omit<BuildOptions, 'names' | 'force'> = {}): Promise<BundleResult> {
  const [result] = await buildScenarios({ ...opts, names: [name] })
  return result!
}

function findOutput(meta: esbuild.Metafile, file: string): esbuild.Metafile['outputs'][string] {
  const key = Object.keys(meta.outputs).find((k) => k.endsWith(`${basename(dirname(file))}/${basename(file)}`))
  if (!key) throw new Error(`esbuild reported no output for ${file}`)
  return meta.outputs[key]!
}

function formatBuildError(error: unknown): string {
  const failure = error as { errors?: esbuild.Message[] }
  if (!failure.errors?.length) return `build failed: ${(error as Error).message}`
  return failure.errors
    .map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`)
    .join('\n')
}
