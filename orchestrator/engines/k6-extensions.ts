// Does this k6 binary have the extensions the bundle imports? `k6 version` lists a binary's
// extensions, one per line, each naming its Go module, version and import path
// (e.g. "  github.com/grafana/xk6-sql v1.0.6, k6/x/sql [js]").
import { readFileSync } from 'node:fs'
import { EXTENSIONS } from '../../build/extensions.ts'

export interface InstalledExtension {
  module: string
  version: string
  importPath: string
}

export function parseK6Version(output: string): { version?: string; extensions: InstalledExtension[] } {
  const version = /\bk6\s+(v\d+\.\d+\.\d+\S*)/.exec(output)?.[1]
  const extensions: InstalledExtension[] = []
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+(v\S+),\s*(k6\/x\/\S+)/.exec(line)
    if (m) extensions.push({ module: m[1]!, version: m[2]!.replace(/,$/, ''), importPath: m[3]! })
  }
  return { ...(version ? { version } : {}), extensions }
}

/** The k6/x/* modules a bundle imports (esbuild keeps them as bare ESM imports). */
export function requiredExtensions(bundleText: string): string[] {
  const found = new Set<string>()
  for (const m of bundleText.matchAll(/(?:from|import)\s*["'](k6\/x\/[^"']+)["']/g)) found.add(m[1]!)
  return [...found].sort()
}

export function requiredExtensionsOf(bundle: string): string[] {
  return requiredExtensions(readFileSync(bundle, 'utf8'))
}

/** Import paths the bundle needs that the binary lacks, each with the module that provides it. */
export function missingExtensions(required: string[], installed: InstalledExtension[]): { importPath: string; module: string }[] {
  const have = new Set(installed.map((e) => e.importPath))
  return required
    .filter((p) => !have.has(p))
    .map((p) => ({ importPath: p, module: EXTENSIONS[p] ? `${EXTENSIONS[p].module}@${EXTENSIONS[p].version}` : 'an xk6 extension providing it' }))
}
