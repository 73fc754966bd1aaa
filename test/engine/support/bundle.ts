// Bundles a TypeScript fixture exactly as `eventload build` bundles scenarios (same esbuild
// options, linked source map), so loader and source-map behaviour are tested on real bundles.
import { buildSync } from 'esbuild'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ESBUILD_OPTIONS } from '../../../build/bundle.ts'

const FIXTURES = resolve(import.meta.dirname, '../fixtures')
const outDir = mkdtempSync(join(tmpdir(), 'eventload-engine-test-'))
const built = new Map<string, string>()

export function fixturePath(name: string): string {
  return join(FIXTURES, `${name}.ts`)
}

/** Path of the bundled fixture (built once per test process). */
export function bundleFixture(name: string, options: { sourcemap?: 'linked' | 'inline' } = {}): string {
  const key = `${name}:${options.sourcemap ?? 'linked'}`
  const hit = built.get(key)
  if (hit) return hit
  const outfile = join(outDir, `${name}${options.sourcemap === 'inline' ? '.inline' : ''}.js`)
  buildSync({ ...ESBUILD_OPTIONS, sourcemap: options.sourcemap ?? ESBUILD_OPTIONS.sourcemap, entryPoints: [fixturePath(name)], outfile })
  built.set(key, outfile)
  return outfile
}

export const tempDir = outDir
