// --workers N for the node engine: N `eventload run` processes, worker i running the k6
// execution segment (i-1)/N:i/N of the sequence 0,1/N,...,1 (the split k6-operator uses), so
// together they run exactly the configured load. Each writes k6's JSON output (tailed for the
// dashboard, as for the k6 engine) and its RunResult with serialized HDR histograms, which are
// merged exactly at the end (node-merge.ts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa, type ResultPromise } from 'execa'
import type { RunResult } from '../../engine/index.ts'
import { REPO_ROOT } from '../../stack/options.ts'
import { redactText } from '../../stack/redact.ts'
import { EXIT } from '../exit-codes.ts'
import type { EngineListener, EngineResult, EngineRun, EngineRunSpec } from './engine.ts'
import { FileFollower } from './follow-file.ts'
import { segmentFor } from './k6-args.ts'
import { K6JsonParser } from './k6-json.ts'
import { mergeWorkerResults } from './node-merge.ts'
import { publicEnv, secretEnv } from './secret-env.ts'

const KILL_GRACE_MS = 5000

export function workerArgs(spec: EngineRunSpec, i: number, n: number): string[] {
  const seg = segmentFor(i, n)
  const args = ['--import', 'tsx', join(REPO_ROOT, 'engine', 'cli.ts'), spec.bundle]
  // Credentials travel in the worker's environment (secret-env.ts).
  for (const [k, v] of Object.entries(publicEnv(spec.env))) args.push('-e', `${k}=${v}`)
  for (const [k, v] of Object.entries({ ...spec.tags, worker: String(i) })) args.push('--tag', `${k}=${v}`)
  for (const o of spec.config.out) if (!o.startsWith('experimental-prometheus-rw')) args.push('--out', o)
  args.push('--out', `json=${join(spec.runDir, `worker-${i}.samples.json`)}`)
  args.push('--execution-segment', seg.segment, '--execution-segment-sequence', seg.sequence)
  args.push('--quiet', '--result-file', join(spec.runDir, `worker-${i}.result.json`))
  return args
}

export function startNodeWorkers(spec: EngineRunSpec, listener: EngineListener): EngineRun {
  const n = spec.config.workers
  const children: ResultPromise[] = []
  const followers: FileFollower[] = []
  for (let i = 1; i <= n; i++) {
    const parser = new K6JsonParser()
    const follower = new FileFollower(join(spec.runDir, `worker-${i}.samples.json`), (chunk) => {
      const batch = parser.push(chunk)
      if (batch.length) listener.samples(batch)
    })
    follower.start()
    followers.push(follower)
    const child = execa(process.execPath, workerArgs(spec, i, n), { cwd: REPO_ROOT, reject: false, stdin: 'ignore', buffer: false, stdout: 'ignore', env: { ...process.env, ...secretEnv(spec.env), NO_COLOR: '1' } })
    // stdout is each worker's own summary of its share: the merged one replaces it.
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) listener.log(redactText(`[worker ${i}] ${line}`))
    })
    children.push(child)
  }

  const done = (async (): Promise<EngineResult> => {
    const exits = await Promise.all(children)
    await Promise.all(followers.map((f) => f.stop()))
    const results: RunResult[] = []
    const missing: string[] = []
    exits.forEach((res, k) => {
      try {
        results.push(JSON.parse(readFileSync(join(spec.runDir, `worker-${k + 1}.result.json`), 'utf8')) as RunResult)
      } catch {
        missing.push(`worker ${k + 1} exited ${res.exitCode ?? res.signal ?? '?'} without a result`)
      }
    })
    if (results.length === 0) return { exitCode: exits.find((e) => e.exitCode)?.exitCode ?? EXIT.K6_GENERIC, errorTail: missing }
    const merged = mergeWorkerResults(results)
    if (missing.length) {
      // A worker that died took its share of the load with it: the numbers are incomplete.
      return { ...merged, exitCode: merged.exitCode === 0 || merged.exitCode === EXIT.THRESHOLDS_FAILED ? EXIT.K6_GENERIC : merged.exitCode, errorTail: [...(merged.errorTail ?? []), ...missing] }
    }
    return merged
  })()

  let signals = 0
  return {
    stop() {
      if (signals++ === 0) for (const c of children) c.kill('SIGINT')
    },
    kill() {
      signals = 2
      for (const c of children) {
        c.kill('SIGINT')
        setTimeout(() => c.kill('SIGKILL'), KILL_GRACE_MS).unref()
      }
    },
    done,
  }
}
