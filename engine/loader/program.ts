// Turns a k6 bundle (an ES module) into something the engine can instantiate once per VU:
// esbuild rewrites it to a CommonJS-style function body (imports become calls to a per-VU
// `require`), vm compiles it ONCE, and every VU calls the compiled wrapper, which gives each
// VU its own module scope as k6 does. `__VU`, `__ITER`, `__ENV` and `Math.random` are
// rewritten to read the calling VU's state, so they stay live and per VU without a vm context
// per VU (a context per VU would cost megabytes and break `instanceof` for module values).
import { transformSync } from 'esbuild'
import vm from 'node:vm'
import { readBundle, type BundleFile } from './bundle-file.ts'
import { StackMapper } from './source-map.ts'

/** The per-VU values the script sees as globals. */
export interface ScriptState {
  readonly vu: number
  /** `__ITER`: undefined before the VU's first iteration. */
  iter: number | undefined
  env: Record<string, string>
  random: () => number
}

export interface ScriptGlobals {
  readonly state: ScriptState
  require(specifier: string): unknown
  readonly open: (path: string, mode?: string) => string | ArrayBuffer
  readonly console: unknown
  readonly setTimeout: unknown
  readonly clearTimeout: unknown
  readonly setInterval: unknown
  readonly clearInterval: unknown
}

type Wrapper = (
  exports: object,
  require: (s: string) => unknown,
  module: { exports: object },
  __k6: ScriptState,
  open: ScriptGlobals['open'],
  console: unknown,
  setTimeout: unknown,
  clearTimeout: unknown,
  setInterval: unknown,
  clearInterval: unknown,
  global: typeof globalThis,
  process: undefined,
  Buffer: undefined,
  __filename: undefined,
  __dirname: undefined,
) => void

// Node-only globals are shadowed so the script sees k6's world, not Node's; `global` is the
// alias k6 keeps in its default "extended" compatibility mode.
const PARAMS =
  'exports, require, module, __k6, open, console, setTimeout, clearTimeout, setInterval, clearInterval, global, process, Buffer, __filename, __dirname'

export class ScriptError extends Error {
  override readonly name = 'ScriptError'
}

/**
 * The specifiers the CJS form requires. An ES module's imports are static, and esbuild turns
 * each into a `require("<specifier>")` call with a double-quoted literal, so a scan finds them
 * all (a lookalike inside a string only makes a module load early).
 */
function requiredSpecifiers(code: string): string[] {
  return [...new Set(Array.from(code.matchAll(/\brequire\("([^"\\]+)"\)/g), (m) => m[1]!))]
}

export class Program {
  readonly #wrapper: Wrapper
  readonly stack: StackMapper

  private constructor(
    readonly bundle: BundleFile,
    wrapper: Wrapper,
    stack: StackMapper,
    /** Module specifiers the bundle imports (the engine loads lazy modules from this). */
    readonly imports: readonly string[],
  ) {
    this.#wrapper = wrapper
    this.stack = stack
  }

  static load(path: string): Program {
    return Program.fromBundle(readBundle(path))
  }

  static fromBundle(bundle: BundleFile): Program {
    let out
    try {
      out = transformSync(bundle.source, {
        format: 'cjs',
        loader: 'js',
        platform: 'neutral',
        target: 'es2022',
        sourcemap: 'external',
        sourcefile: bundle.path,
        logLevel: 'silent',
        define: { __VU: '__k6.vu', __ITER: '__k6.iter', __ENV: '__k6.env', 'Math.random': '__k6.random' },
      })
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err)
      if (/top-level await/i.test(msg)) {
        throw new ScriptError(
          `${bundle.path}: top-level await is not supported by the node engine; move the awaited work into setup() or into the VU function`,
        )
      }
      throw new ScriptError(`${bundle.path}: the script could not be parsed: ${msg}`)
    }
    const stack = new StackMapper(bundle.path, JSON.parse(out.map) as object, bundle.map)
    // The wrapper header sits on its own line and lineOffset -1 hides it, so positions V8
    // reports are positions in esbuild's output, which its map understands.
    // 'use strict': the bundle is an ES module, which is strict; the CJS form is not by itself.
    const script = new vm.Script(`(function (${PARAMS}) { 'use strict';\n${out.code}\n})`, {
      filename: bundle.path,
      lineOffset: -1,
    })
    const wrapper = script.runInThisContext() as Wrapper
    return new Program(bundle, wrapper, stack, requiredSpecifiers(out.code))
  }

  /** Runs the init context for one VU and returns its module exports. */
  instantiate(g: ScriptGlobals): Record<string, unknown> {
    const module = { exports: {} as object }
    const wrapper = this.#wrapper
    wrapper(
      module.exports,
      (s: string) => g.require(s),
      module,
      g.state,
      g.open,
      g.console,
      g.setTimeout,
      g.clearTimeout,
      g.setInterval,
      g.clearInterval,
      globalThis,
      undefined,
      undefined,
      undefined,
      undefined,
    )
    return module.exports as Record<string, unknown>
  }

  /**
   * The error's message and its script frames, mapped to the TypeScript source. Engine frames
   * are left out (k6 shows only script frames), unless no script frame exists at all.
   */
  describeError(err: unknown): string {
    if (!(err instanceof Error)) return String(err)
    const lines = (err.stack ?? `${err.name}: ${err.message}`).split('\n')
    const isFrame = (l: string) => /^\s+at /.test(l)
    const head = lines.filter((l) => !isFrame(l))
    const frames = lines.filter((l) => isFrame(l) && l.includes(this.bundle.path))
    const kept = frames.length > 0 ? [...head, ...frames] : lines
    return this.stack.rewrite(kept.join('\n'))
  }
}
