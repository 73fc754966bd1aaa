// Benchmark: what a scenario bundle costs a k6 VU. For every bundle in dist/k6 it reports the size,
// the VU-init time in Sobek (k6's JavaScript engine, through the Go harness in
// scenario-lib-sobek/: compile once, run the init code in one fresh runtime per VU) and, side by
// side, in V8 (a fresh vm context per VU), plus the generator's cost per event in Sobek (iterations
// against stubbed extensions, so only our own code is timed). Budget: bundle <= 300 KB, VU init
// <= 5 ms. Run: npx tsx bench/scenario-lib-init.ts [--vus 50] [--iters 2000]
//
// The stubs stand in for k6's modules and the extensions (which cannot be had here); they do no
// I/O, so the figures are the scenario code's own cost, not the database's.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'
import * as esbuild from 'esbuild'
import { buildScenarios } from '../build/bundle.ts'
import { REPO_ROOT } from '../stack/options.ts'

const STUBS: Record<string, string> = {
  k6: 'export function check() { return true }; export function sleep() {}; export function group(_n, f) { return f() }',
  'k6/execution': `export default {
    vu: { get idInTest() { return __VU }, get idInInstance() { return __VU }, get iterationInScenario() { return __ITER } },
    scenario: { startTime: 1700000000000, get iterationInTest() { return __ITER }, name: 'bench' },
  }`,
  'k6/metrics': `class Metric { constructor(name) { this.name = name; this.n = 0 } add() { this.n++ } }
    export class Counter extends Metric {}; export class Gauge extends Metric {}; export class Rate extends Metric {}; export class Trend extends Metric {}`,
  'k6/x/sql': 'export function open() { return { exec() { return {} }, query() { return [] }, close() {} } }; export default { open }',
  'k6/x/sql/driver/postgres': "export default Symbol('postgres')",
  'k6/x/kafka': 'export class Producer { constructor(c) { this.c = c } produce() {} close() {} }',
}

const PRELUDE = 'var console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };'

async function asScript(bundle: string): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [bundle],
    bundle: true,
    format: 'iife',
    globalName: '__scenario',
    platform: 'neutral',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    banner: { js: PRELUDE },
    plugins: [{
      name: 'k6-stubs',
      setup(build) {
        build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'stub' }))
        build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => {
          const contents = STUBS[args.path]
          if (contents === undefined) throw new Error(`no stub for ${args.path}`)
          return { contents, loader: 'js' }
        })
      },
    }],
  })
  // The IIFE assigns a global var; Sobek and vm contexts both see it.
  return out.outputFiles[0]!.text
}

/** The same event stream generated in Sobek and in V8: byte-identical (k6 and the node engine agree)? */
async function crossEngineStream(harness: string, dir: string, perVu: number): Promise<{ events: number; identical: boolean; firstDiff?: string }> {
  const entry = `
    import { EventGenerator } from './scenarios/lib/events/generator.ts'
    import { parseMix } from './scenarios/lib/events/mix.ts'
    import { toRow } from './scenarios/lib/events/row.ts'
    const out = []
    for (const vu of [1, 2, 3]) {
      const gen = new EventGenerator({ seed: 'cross-engine', vu, mix: parseMix(undefined) })
      for (let iter = 0; iter < ${perVu}; iter++) {
        for (let k = 0; k < 2; k++) {
          const row = toRow(gen.next(iter, k), { seed: 'cross-engine', runId: 'run-x', origin: { vu, iter, k }, seq: iter * 2 + k, scheduledAtMs: 1700000000000 + iter })
          out.push(JSON.stringify(row))
        }
        gen.commit()
      }
    }
    globalThis.__out = out.join('\\n')
  `
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true, format: 'iife', platform: 'neutral', target: 'es2020', write: false, logLevel: 'silent',
  })
  const file = join(dir, 'cross-engine.js')
  writeFileSync(file, built.outputFiles[0]!.text)
  const sobek = execFileSync(harness, ['eval', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const context = vm.createContext({})
  new vm.Script(built.outputFiles[0]!.text).runInContext(context)
  const v8 = (context as { __out: string }).__out
  const a = sobek.split('\n')
  const b = v8.split('\n')
  const diff = a.findIndex((line, i) => line !== b[i])
  return { events: b.length, identical: sobek === v8, ...(diff >= 0 ? { firstDiff: `sobek: ${a[diff]}\nv8:    ${b[diff]}` } : {}) }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!
}

function v8Init(code: string, vus: number): number[] {
  const script = new vm.Script(code)
  const times: number[] = []
  for (let vu = 1; vu <= vus; vu++) {
    const context = vm.createContext({ __VU: vu, __ITER: 0, __ENV: { RUN_ID: 'bench' } })
    const start = performance.now()
    script.runInContext(context)
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)
}

export async function main(argv: string[]): Promise<number> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(name)
    return i >= 0 ? Number(argv[i + 1]) : fallback
  }
  const vus = arg('--vus', 50)
  const iters = arg('--iters', 2000)
  const results = await buildScenarios({})
  const dir = mkdtempSync(join(tmpdir(), 'eventload-init-'))
  const harness = join(dir, 'scenario-lib-sobek')
  execFileSync('go', ['build', '-o', harness, '.'], { cwd: join(REPO_ROOT, 'bench', 'scenario-lib-sobek'), stdio: 'inherit' })
  const rows: string[] = []
  for (const r of results) {
    const script = join(dir, `${r.name}.script.js`)
    const code = await asScript(r.file)
    writeFileSync(script, code)
    const sobek = JSON.parse(execFileSync(harness, [script, String(vus), String(iters)], { encoding: 'utf8' })) as {
      compileMs: number; initMs: number[]; iters: number; iterMs: number
    }
    const v8 = v8Init(code, vus)
    rows.push([
      r.name.padEnd(13),
      `${(statSync(r.file).size / 1024).toFixed(1)} KB`.padStart(9),
      `${sobek.compileMs.toFixed(2)}`.padStart(8),
      `${quantile(sobek.initMs, 0.5).toFixed(3)} / ${quantile(sobek.initMs, 0.95).toFixed(3)} / ${sobek.initMs.at(-1)!.toFixed(3)}`.padStart(24),
      `${quantile(v8, 0.5).toFixed(3)} / ${v8.at(-1)!.toFixed(3)}`.padStart(16),
      `${((sobek.iterMs * 1000) / sobek.iters).toFixed(1)}`.padStart(10),
    ].join('  '))
  }
  const cross = await crossEngineStream(harness, dir, arg('--cross', 2000))
  process.stdout.write(
    `same seed in both engines: ${cross.events} events generated in Sobek and in V8, ${cross.identical ? 'byte-identical' : 'DIFFERENT'}\n` +
      (cross.firstDiff ? `${cross.firstDiff}\n` : ''),
  )
  process.stdout.write(
    `VU init of the scenario bundles (${vus} VUs each; ${iters} iterations for the per-event cost; stubbed I/O)\n` +
      `${'bundle'.padEnd(13)}  ${'size'.padStart(9)}  ${'compile'.padStart(8)}  ${'Sobek init p50/p95/max ms'.padStart(24)}  ${'V8 init p50/max'.padStart(16)}  ${'Sobek µs/ev'.padStart(10)}\n` +
      `${rows.join('\n')}\n`,
  )
  return 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
