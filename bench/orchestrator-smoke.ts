// Warm-stack cost of `npm run scenario -- smoke` (issue 6 goal: <= 15 s with the stack up),
// side by side in one run with the bare engine on the same bundle (`eventload run
// dist/k6/smoke.js`: load only, no stack check, tail, probe, drain, verify or reports), so the
// orchestrator's own share shows as a difference. Also one stress run's per-stage latencies.
//
//   npx tsx bench/orchestrator-smoke.ts [runs=5] [--stress]
//
// Uses whatever stack the connection settings point at (EVENTLOAD_* env, as the CLI does).
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'

const ROOT = join(import.meta.dirname, '..')
const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5)

async function timed(cmd: string, args: string[]): Promise<{ ms: number; code: number; stdout: string }> {
  const t0 = performance.now()
  const r = await execa(cmd, args, { cwd: ROOT, reject: false, env: { ...process.env, NO_COLOR: '1' }, stdin: 'ignore' })
  if (r.exitCode !== 0) process.stderr.write(`${cmd} ${args.join(' ')} exited ${r.exitCode}\n${r.stderr.slice(-2000)}\n`)
  return { ms: performance.now() - t0, code: r.exitCode ?? -1, stdout: r.stdout }
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b)
  const med = s[Math.floor(s.length / 2)]!
  return `median ${(med / 1000).toFixed(2)} s, min ${(s[0]! / 1000).toFixed(2)} s, max ${(s.at(-1)! / 1000).toFixed(2)} s`
}

interface Summary {
  eventload: { phases: { name: string; ms: number }[] }
  pipeline: { events_written: number; in_mongo: number; stages: Record<string, { p50: number; p95: number; p99: number; max: number; count: number } | null> }
}

const full: number[] = []
const bare: number[] = []
const phaseMs = new Map<string, number[]>()
// Warm-up: build the bundle and make sure the stack and processor are up (not timed).
await timed(process.execPath, ['--import', 'tsx', 'orchestrator/cli.ts', 'scenario', 'smoke', '--dashboard', 'off', '--report-dir', '/tmp/eventload-bench-reports'])
for (let i = 0; i < runs; i++) {
  const runId = `bench-smoke-${Date.now()}`
  const a = await timed('npm', ['run', '--silent', 'scenario', '--', 'smoke', '--dashboard', 'off', '--run-id', runId, '--report-dir', '/tmp/eventload-bench-reports'])
  if (a.code === 0) {
    full.push(a.ms)
    const s = JSON.parse(readFileSync(`/tmp/eventload-bench-reports/${runId}/summary.json`, 'utf8')) as Summary
    for (const p of s.eventload.phases) phaseMs.set(p.name, [...(phaseMs.get(p.name) ?? []), p.ms])
  }
  const b = await timed('npm', ['run', '--silent', 'engine', '--', 'dist/k6/smoke.js', '--quiet', '-e', `RUN_ID=bench-bare-${Date.now()}`])
  if (b.code === 0) bare.push(b.ms)
}
const load = loadavg().map((l) => l.toFixed(1)).join(' / ')
const out = [
  `smoke, warm stack, ${runs} runs each, load average ${load}:`,
  `  npm run scenario -- smoke         ${stats(full)} (${full.length}/${runs} exit 0)`,
  `  npm run engine -- dist/k6/smoke.js ${stats(bare)} (load only)`,
  `  phases (median ms): ${[...phaseMs].map(([n, xs]) => `${n} ${Math.round([...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!)}`).join(', ')}`,
]
if (process.argv.includes('--stress')) {
  const runId = `bench-stress-${Date.now()}`
  const s = await timed('npm', ['run', '--silent', 'scenario', '--', 'stress', '--dashboard', 'off', '--run-id', runId, '--report-dir', '/tmp/eventload-bench-reports'])
  const sum = JSON.parse(readFileSync(`/tmp/eventload-bench-reports/${runId}/summary.json`, 'utf8')) as Summary
  out.push(`stress (exit ${s.code}, ${(s.ms / 1000).toFixed(1)} s): ${sum.pipeline.events_written} written, ${sum.pipeline.in_mongo} in MongoDB`)
  for (const [k, v] of Object.entries(sum.pipeline.stages)) {
    if (v) out.push(`  ${k.padEnd(13)} p50 ${v.p50.toFixed(1)} ms  p95 ${v.p95.toFixed(1)} ms  p99 ${v.p99.toFixed(1)} ms  max ${v.max.toFixed(1)} ms  (${v.count})`)
  }
}
process.stdout.write(`${out.join('\n')}\n`)
