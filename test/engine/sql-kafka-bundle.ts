// Bundles a k6 test script the way build/ bundles scenarios (ESM, platform neutral, k6 and
// k6/* left external), into a temporary directory, so the integration tests run real k6-style
// scripts through the node engine exactly as `eventload run dist/k6/<name>.js` would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as esbuild from 'esbuild'
import { ESBUILD_OPTIONS } from '../../build/bundle.ts'

export interface Bundled {
  file: string
  dispose(): void
}

export async function bundleScript(name: string, source: string): Promise<Bundled> {
  const dir = mkdtempSync(join(tmpdir(), 'eventload-ext-'))
  const entry = join(dir, `${name}.ts`)
  writeFileSync(entry, source)
  const file = join(dir, `${name}.js`)
  await esbuild.build({ ...ESBUILD_OPTIONS, entryPoints: [entry], outfile: file })
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}
