// Runs a fixture through the engine's API in-process and collects what a user would see.
import { runBundle, type RunOptions, type RunResult } from '../../../engine/index.ts'
import { bundleFixture } from './bundle.ts'

export interface CollectedSample {
  readonly metric: string
  readonly value: number
  readonly tags: Readonly<Record<string, string>>
  readonly time: number
  readonly metadata?: Readonly<Record<string, string>>
}

export interface FixtureRun {
  readonly result: RunResult
  readonly stdout: string
  readonly stderr: string
  readonly logs: string[]
  readonly samples: CollectedSample[]
  /** Samples of one metric. */
  of(metric: string): CollectedSample[]
  /** Sum of a metric's sample values. */
  sum(metric: string): number
  /** Console lines the script logged (source=console), message part only. */
  console(): string[]
}

export async function runFixture(
  name: string,
  opts: { cli?: Record<string, unknown>; env?: Record<string, string>; processEnv?: Record<string, string>; signal?: AbortSignal; sourcemap?: 'linked' | 'inline'; quiet?: boolean } = {},
): Promise<FixtureRun> {
  let stdout = ''
  let stderr = ''
  const logs: string[] = []
  const samples: CollectedSample[] = []
  const run: RunOptions = {
    script: bundleFixture(name, opts.sourcemap ? { sourcemap: opts.sourcemap } : {}),
    cliOptions: opts.cli ?? {},
    env: opts.env ?? {},
    includeSystemEnv: false,
    processEnv: opts.processEnv ?? {},
    quiet: opts.quiet ?? true,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    logSink: (line) => logs.push(line),
    onSamples: (batch) => {
      for (const s of batch) {
        samples.push({ metric: s.metric.name, value: s.value, tags: s.tags, time: s.time, ...(s.metadata ? { metadata: s.metadata } : {}) })
      }
    },
    ...(opts.signal ? { signal: opts.signal } : {}),
  }
  const result = await runBundle(run)
  const of = (m: string) => samples.filter((s) => s.metric === m)
  return {
    result,
    stdout,
    stderr,
    logs,
    samples,
    of,
    sum: (m) => of(m).reduce((a, s) => a + s.value, 0),
    console: () =>
      logs
        .filter((l) => l.includes('source=console'))
        .map((l) => l.replace(/^\w{4}\[\d+\] /, '').replace(/\s+source=console$/, '').trim()),
  }
}
