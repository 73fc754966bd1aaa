// Reads a built bundle back through esbuild's parser: which modules it imports (and how) and
// which names it exports. Used by the bundle and Dockerfile checks.

import { readFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import * as esbuild from 'esbuild'

export interface BundleShape {
  imports: { path: string; kind: string }[]
  exports: string[]
  text: string
}

export async function analyzeBundle(file: string): Promise<BundleShape> {
  const out = await esbuild.build({
    entryPoints: [basename(file)],
    absWorkingDir: dirname(file),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    external: ['*'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const input = out.metafile.inputs[basename(file)]
  const output = Object.values(out.metafile.outputs)[0]
  if (!input || !output) throw new Error(`esbuild did not report ${file}`)
  return { imports: input.imports.map((i) => ({ path: i.path, kind: i.kind })), exports: output.exports, text: readFileSync(file, 'utf8') }
}
