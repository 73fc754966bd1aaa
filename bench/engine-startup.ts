// Node engine start-up: wall time and peak RSS of `eventload run` on a one-iteration bundle
// without extensions and on one importing k6/x/sql + k6/x/kafka unused (docs/benchmarks.md,
// "## node engine").
//   npx tsx bench/engine-startup.ts [--runs N] [--before <dir>]
// --before <dir>: another checkout (e.g. `git archive <rev> | tar -x -C <dir>` plus a
// node_modules symlink) measured in the same run, runs interleaved, so the ratio is side by side.
// Every run is its own process; the machine is shared (2 cores), so compare medians, not single runs.
import { buildSync } from 'esbuild'
import { execa } from 'execa'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ESBUILD_OPTIONS } from '../build/bundle.ts'
import { median } from './harness/measure.ts'

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '7' }, before: { type: 'string' } } })
const runs = Number(args.runs)
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${args.runs}`)

const here = import.meta.dirname
const outDir = resolve(here, 'results/engine-startup')
mkdirSync(outDir, { recursive: true })
const bundles = { plain: join(outDir, 'startup-noop.js'), extensions: join(outDir, 'startup-extensions.js') }
buildSync({ ...ESBUILD_OPTIONS, entryPoints: [resolve(here, 'engine/startup-noop.ts')], outfile: bundles.plain })
// The same script importing the extensions without connecting: the difference is what loading
// them costs. Reading the imports keeps esbuild from dropping them.
const withExtensions = `import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
import * as kafka from 'k6/x/kafka'
export const options = { iterations: 1, vus: 1 }
export default function () {
  if (typeof sql.open !== 'function' || driver === undefined || kafka.Writer === undefined) throw new Error('extension exports missing')
}
`
buildSync({ ...ESBUILD_OPTIONS, stdin: { contents: withExtensions, loader: 'js', resolveDir: here }, outfile: bundles.extensions })

const trees: Record<string, string> = { current: resolve(here, '..') }
if (args.before) trees.before = resolve(args.before)
const rssFile = join(outDir, 'rss.txt')
const preload = pathToFileURL(resolve(here, 'engine/rss-at-exit.mjs')).href

async function measure(tree: string, bundle: string): Promise<{ ms: number; rssMB: number }> {
  rmSync(rssFile, { force: true })
  const t0 = performance.now()
  const r = await execa('node', [join(tree, 'bin/eventload.js'), 'run', '-q', '--summary-mode', 'disabled', bundle], {
    env: { NODE_OPTIONS: `--import=${preload}`, EVENTLOAD_BENCH_RSS_FILE: rssFile },
    reject: false,
  })
  const ms = performance.now() - t0
  if (r.exitCode !== 0) throw new Error(`eventload run in ${tree} exited ${r.exitCode}:\n${r.stderr}`)
  return { ms, rssMB: Number(readFileSync(rssFile, 'utf8')) / 1024 }
}

const samples: Record<string, { ms: number[]; rssMB: number[] }> = {}
for (let i = 0; i < runs; i++) {
  for (const [treeName, tree] of Object.entries(trees)) {
    for (const [bundleName, bundle] of Object.entries(bundles)) {
      const key = `${treeName} ${bundleName}`
      const m = await measure(tree, bundle)
      samples[key] ??= { ms: [], rssMB: [] }
      samples[key].ms.push(m.ms)
      samples[key].rssMB.push(m.rssMB)
    }
  }
}
console.log(`median of ${runs} runs each (eventload run -q, one no-op iteration):`)
for (const [key, s] of Object.entries(samples)) {
  console.log(`  ${key.padEnd(22)} wall ${median(s.ms).toFixed(0).padStart(5)} ms   peak RSS ${median(s.rssMB).toFixed(1).padStart(6)} MB`)
}
