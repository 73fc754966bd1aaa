// Reads a k6 bundle and the source map that goes with it (inline data: URL or a file next to
// it), so errors thrown by the bundle can be reported at the TypeScript line that caused them.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export interface BundleFile {
  readonly path: string
  readonly source: string
  /** The bundle's own source map (bundle -> TypeScript), if it has one. */
  readonly map?: { readonly payload: object; readonly dir: string }
}

const MAP_COMMENT = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/m

export function readBundle(path: string): BundleFile {
  const abs = resolve(path)
  if (!existsSync(abs)) throw new Error(`the script ${path} does not exist (build it first: eventload build)`)
  const raw = readFileSync(abs, 'utf8')
  const match = MAP_COMMENT.exec(raw)
  // The comment is removed so no other source-map machinery (Node's --enable-source-maps)
  // maps the transformed code a second time with the wrong map.
  const source = match ? raw.slice(0, match.index) + raw.slice(match.index + match[0].length) : raw
  if (!match?.[1]) return { path: abs, source }
  const url = match[1]
  try {
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',')
      const meta = url.slice(0, comma)
      const body = url.slice(comma + 1)
      const json = meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body)
      return { path: abs, source, map: { payload: JSON.parse(json) as object, dir: dirname(abs) } }
    }
    const mapPath = resolve(dirname(abs), url)
    if (!existsSync(mapPath)) return { path: abs, source }
    return { path: abs, source, map: { payload: JSON.parse(readFileSync(mapPath, 'utf8')) as object, dir: dirname(mapPath) } }
  } catch {
    // A broken map only costs us source positions; the bundle itself still runs.
    return { path: abs, source }
  }
}
