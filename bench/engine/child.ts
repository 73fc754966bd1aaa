// One measured engine run in its own process (so CPU and RSS are the engine's alone). Prints
// one JSON line: iterations, drops, start lag, CPU between the first and last progress tick,
// and RSS/heap samples taken after a forced GC every N seconds (third argument).
import { buildSync } from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ESBUILD_OPTIONS } from '../../build/bundle.ts'
import { runBundle, snapshotValues } from '../../engine/index.ts'

const [rate = '1000', duration = '60s', memAt = ''] = process.argv.slice(2)
const outDir = resolve(import.meta.dirname, '../results/engine')
mkdirSync(outDir, { recursive: true })
const script = join(outDir, 'noop-arrival.js')
buildSync({ ...ESBUILD_OPTIONS, entryPoints: [resolve(import.meta.dirname, 'noop-arrival.ts')], outfile: script })

const gc = (globalThis as { gc?: () => void }).gc
// Memory is sampled (after a forced GC) at the first progress tick of every `memEvery` seconds.
const memEvery = Number(memAt || 0)
let nextMem = memEvery
const memory: Array<{ atS: number; rssMB: number; heapUsedMB: number }> = []
let first: { cpu: NodeJS.CpuUsage; iterations: number; at: number } | undefined
let last: { cpu: NodeJS.CpuUsage; iterations: number; at: number } | undefined

const result = await runBundle({
  script,
  env: { RATE: rate, DURATION: duration, VUS: String(Math.max(20, Math.ceil(Number(rate) / 50))) },
  includeSystemEnv: false,
  quiet: true,
  stdout: () => undefined,
  onProgress: (p) => {
    const sample = { cpu: process.cpuUsage(), iterations: p.iterationsCompleted, at: p.elapsedMs }
    first ??= sample
    last = sample
    const s = Math.floor(p.elapsedMs / 1000)
    if (memEvery > 0 && s >= nextMem) {
      nextMem += memEvery
      gc?.()
      const m = process.memoryUsage()
      memory.push({ atS: s, rssMB: m.rss / 1e6, heapUsedMB: m.heapUsed / 1e6 })
    }
  },
})
if (memEvery > 0) {
  // And once more when the run is over (the scenario's last progress tick is just before its end).
  gc?.()
  const m = process.memoryUsage()
  memory.push({ atS: Math.round(result.durationMs / 1000), rssMB: m.rss / 1e6, heapUsedMB: m.heapUsed / 1e6 })
}
const values = snapshotValues(result.metrics!, ['med', 'p(99)', 'max'])
const cpuS = first && last ? (last.cpu.user - first.cpu.user + last.cpu.system - first.cpu.system) / 1e6 : NaN
const itBetween = first && last ? last.iterations - first.iterations : 0
console.log(
  JSON.stringify({
    rate: Number(rate),
    duration,
    exitCode: result.exitCode,
    iterations: values.iterations?.count ?? 0,
    dropped: values.dropped_iterations?.count ?? 0,
    lagMs: values.iteration_start_lag,
    cpuSecondsPer10k: itBetween > 0 ? (cpuS / itBetween) * 10_000 : NaN,
    cpuWindowS: first && last ? (last.at - first.at) / 1000 : 0,
    memory,
  }),
)
