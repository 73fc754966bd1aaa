// One node engine run of bench/harness-limits.ts in its own process, so its CPU is the engine's
// alone: runs the bundle (argument 1) with runBundle, optionally one execution segment of it
// (arguments 2 and 3, as the orchestrator's --workers gives each worker), __ENV from the
// HARNESS_ENV variable (JSON; it carries the database URL, so not on the command line), and
// prints one JSON line: exit code, the run's metrics snapshot (exactly mergeable across
// workers) and the CPU used between the first and the last progress tick, over that window
// (the steady part of the run: no start-up, no shutdown).
import { runBundle } from '../../engine/index.ts'

const [script, segment, sequence] = process.argv.slice(2)
if (!script) throw new Error('usage: engine-child.ts <bundle.js> [segment sequence]  (HARNESS_ENV={"KEY":"value"})')
const env = JSON.parse(process.env.HARNESS_ENV ?? '{}') as Record<string, string>

let first: { cpu: NodeJS.CpuUsage; at: number } | undefined
let last: { cpu: NodeJS.CpuUsage; at: number } | undefined
const logs: string[] = []
const result = await runBundle({
  script,
  env,
  cliOptions: segment && sequence ? { executionSegment: segment, executionSegmentSequence: sequence } : {},
  includeSystemEnv: false,
  processEnv: {},
  quiet: true,
  stdout: () => undefined,
  stderr: (t) => logs.push(t),
  logSink: (line) => logs.push(line),
  onProgress: (p) => {
    const sample = { cpu: process.cpuUsage(), at: p.elapsedMs }
    first ??= sample
    last = sample
  },
})
const windowS = first && last ? (last.at - first.at) / 1000 : 0
const cpuS = first && last ? (last.cpu.user - first.cpu.user + last.cpu.system - first.cpu.system) / 1e6 : NaN
process.stdout.write(
  JSON.stringify({
    exitCode: result.exitCode,
    error: result.error,
    unawaited: result.unawaited.length,
    metrics: result.metrics,
    cpuCores: windowS > 0 ? cpuS / windowS : NaN,
    logs: logs.slice(-20),
  }) + '\n',
)
