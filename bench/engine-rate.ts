// Node engine rate fidelity, scheduler CPU and memory under constant-arrival-rate
// (docs/benchmarks.md, "## node engine"):
//   npx tsx bench/engine-rate.ts fidelity   # 1,000/s and 5,000/s for 60 s each: achieved/target, start lag, drops, CPU
//   npx tsx bench/engine-rate.ts soak       # 1,000/s for 10 min: RSS after 1 min vs after 10 min
//   npx tsx bench/engine-rate.ts quick      # 10 s variants, for a smoke check
// Each run is a separate process (CPU and memory are the engine's alone). The machine is shared
// (2 cores, other work running), so treat the figures as an upper bound on the engine's cost.
import { execa } from 'execa'
import { resolve } from 'node:path'

const CHILD = resolve(import.meta.dirname, 'engine/child.ts')

interface ChildResult {
  rate: number
  duration: string
  exitCode: number
  iterations: number
  dropped: number
  lagMs: { med: number; 'p(99)': number; max: number }
  cpuSecondsPer10k: number
  cpuWindowS: number
  memory: Array<{ atS: number; rssMB: number; heapUsedMB: number }>
}

async function child(rate: number, duration: string, memAt = ''): Promise<ChildResult> {
  const r = await execa('node', ['--expose-gc', '--import', 'tsx', CHILD, String(rate), duration, memAt], { reject: false })
  if (r.exitCode !== 0) throw new Error(`engine run failed (${r.exitCode}): ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult
}

const seconds = (d: string) => Number(d.replace(/s$/, '').replace(/m$/, '')) * (d.endsWith('m') ? 60 : 1)

function row(r: ChildResult): string {
  const target = r.rate * seconds(r.duration)
  return `| ${r.rate.toLocaleString('en')}/s x ${r.duration} | ${r.iterations} / ${target} (${((100 * r.iterations) / target).toFixed(2)}%) | ${r.lagMs.med.toFixed(3)} / ${r['lagMs']['p(99)'].toFixed(3)} / ${r.lagMs.max.toFixed(1)} ms | ${r.dropped} | ${r.cpuSecondsPer10k.toFixed(3)} |`
}

const mode = process.argv[2] ?? 'quick'
if (mode === 'fidelity' || mode === 'quick') {
  const d = mode === 'quick' ? '10s' : '60s'
  console.log('| load | iterations / target | start lag p50 / p99 / max | dropped | CPU-s per 10k |')
  console.log('|---|---|---|---|---|')
  for (const rate of [1000, 5000]) console.log(row(await child(rate, d)))
} else if (mode === 'soak') {
  const r = await child(1000, '10m', '60')
  console.log(row(r))
  for (const m of r.memory) console.log(`after ${m.atS}s: rss ${m.rssMB.toFixed(1)} MB, heap used ${m.heapUsedMB.toFixed(1)} MB`)
} else {
  console.error('usage: tsx bench/engine-rate.ts fidelity|soak|quick')
  process.exitCode = 2
}
