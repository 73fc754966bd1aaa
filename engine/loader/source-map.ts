// Maps positions in the code the engine runs back to the TypeScript the user wrote. Two maps
// are chained: the engine's own transform (bundle -> runnable function body) and the bundle's
// map (bundle -> TypeScript). Node's built-in SourceMap does the lookups.
import { SourceMap } from 'node:module'
import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface SourcePosition {
  /** file:// URL of the original source (or of the bundle when it has no map). */
  readonly file: string
  readonly line: number
  readonly column: number
}

interface Entry {
  originalSource?: string
  originalLine?: number
  originalColumn?: number
}

export class StackMapper {
  readonly #transform: SourceMap
  readonly #bundle: SourceMap | undefined
  readonly #bundleDir: string
  readonly #frame: RegExp

  constructor(
    readonly filename: string,
    transformMap: object,
    bundleMap: { payload: object; dir: string } | undefined,
  ) {
    this.#transform = new SourceMap(transformMap as never)
    this.#bundle = bundleMap ? new SourceMap(bundleMap.payload as never) : undefined
    this.#bundleDir = bundleMap?.dir ?? ''
    const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    this.#frame = new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`, 'g')
  }

  /** Maps a 1-based line/column of the running code. */
  map(line: number, column: number): SourcePosition {
    const inBundle = this.#transform.findEntry(line - 1, column - 1) as Entry
    if (inBundle.originalLine === undefined || inBundle.originalColumn === undefined) {
      return { file: pathToFileURL(this.filename).href, line, column }
    }
    const bundlePos = {
      file: pathToFileURL(this.filename).href,
      line: inBundle.originalLine + 1,
      column: inBundle.originalColumn + 1,
    }
    if (!this.#bundle) return bundlePos
    const original = this.#bundle.findEntry(inBundle.originalLine, inBundle.originalColumn) as Entry
    if (original.originalSource === undefined || original.originalLine === undefined) return bundlePos
    const src = original.originalSource
    const file = src.startsWith('file://') ? src : pathToFileURL(isAbsolute(src) ? src : resolve(this.#bundleDir, src)).href
    return { file, line: original.originalLine + 1, column: (original.originalColumn ?? 0) + 1 }
  }

  /** Rewrites every frame of the script in a V8 stack trace to its original position. */
  rewrite(stack: string): string {
    return stack.replace(this.#frame, (_all, l: string, c: string) => {
      const p = this.map(Number(l), Number(c))
      return `${p.file}:${p.line}:${p.column}`
    })
  }

  /** The first frame of a stack trace that lies in the script, mapped; undefined if none. */
  firstScriptFrame(stack: string): SourcePosition | undefined {
    this.#frame.lastIndex = 0
    const m = this.#frame.exec(stack)
    this.#frame.lastIndex = 0
    return m ? this.map(Number(m[1]), Number(m[2])) : undefined
  }
}

export function formatPosition(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.column}`
}
