// Staleness: for every bundle we record the content hash of each input esbuild read (from its
// metafile) plus a hash of the build settings. A bundle is fresh when its output exists and every
// recorded input still hashes the same; any edit to a file it imports, a new import (which edits
// an importing file) or a settings change makes it stale.

import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface ManifestEntry {
  settings: string
  inputs: Record<string, string>
  bytes: number
}

export type Manifest = Record<string, ManifestEntry>

const FILE = '.eventload-build.json'

export function hashText(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

export function readManifest(outDir: string): Manifest {
  const file = join(outDir, FILE)
  if (!existsSync(file)) return {}
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest
  } catch {
    return {} // a torn or hand-edited manifest only costs a rebuild
  }
}

export function writeManifest(outDir: string, manifest: Manifest): void {
  const file = join(outDir, FILE)
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(manifest, null, 1))
  renameSync(`${file}.${process.pid}.tmp`, file)
}

/** Why `name` must be rebuilt, or undefined when it is fresh. */
export function staleReason(entry: ManifestEntry | undefined, settings: string, output: string, root: string): string | undefined {
  if (!entry) return 'never built'
  if (!existsSync(output)) return 'output missing'
  if (entry.settings !== settings) return 'build settings changed'
  for (const [path, hash] of Object.entries(entry.inputs)) {
    const file = resolve(root, path)
    if (!existsSync(file)) return `${path} removed`
    if (hashText(readFileSync(file)) !== hash) return `${path} changed`
  }
  return undefined
}
