// Runs `k6 run` as a child process (directly, or inside `docker run`) and turns it into an
// EngineRun: its --out json file feeds the dashboard while it runs, its --summary-export becomes
// the summary data, stdout (k6's end-of-test summary) is kept, stderr lines go to the log.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { execa } from 'execa'
import { redactText } from '../../stack/redact.ts'
import { EXIT } from '../exit-codes.ts'
import type { EngineListener, EngineResult, EngineRun } from './engine.ts'
import { FileFollower } from './follow-file.ts'
import { K6JsonParser } from './k6-json.ts'
import { fromSummaryExport } from './k6-summary.ts'

export const SAMPLES_FILE = 'k6-samples.json'
export const SUMMARY_EXPORT_FILE = 'k6-summary-export.json'

export interface K6ProcessSpec {
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
  /** Host directory where k6 writes SAMPLES_FILE and SUMMARY_EXPORT_FILE. */
  runDir: string
}

/** A second signal gets this long before SIGKILL (k6 itself exits at once on the second one). */
const KILL_GRACE_MS = 5000

export function startK6Process(spec: K6ProcessSpec, listener: EngineListener): EngineRun {
  const parser = new K6JsonParser()
  const follower = new FileFollower(join(spec.runDir, SAMPLES_FILE), (chunk) => {
    const batch = parser.push(chunk)
    if (batch.length) listener.samples(batch)
  })
  follower.start()
  const child = execa(spec.command, spec.args, { env: spec.env, extendEnv: false, reject: false, stdin: 'ignore', all: false, buffer: { stdout: true, stderr: false } })
  const errorLines: string[] = []
  let stderrPartial = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (stderrPartial + chunk.toString('utf8')).split('\n')
    stderrPartial = lines.pop() ?? ''
    for (const raw of lines) {
      const line = redactText(raw.trimEnd())
      if (!line) continue
      listener.log(line)
      if (/level=(error|fatal)|error|panic/i.test(line)) errorLines.push(line)
    }
  })

  const done = (async (): Promise<EngineResult> => {
    const res = await child
    await follower.stop()
    const tail = parser.end()
    if (tail.length) listener.samples(tail)
    let exitCode = typeof res.exitCode === 'number' ? res.exitCode : EXIT.K6_GENERIC
    if (res.failed && res.exitCode === undefined) {
      // spawn failure (ENOENT...) or killed by a signal
      errorLines.push(redactText(res.shortMessage ?? 'k6 did not start'))
      exitCode = res.signal ? EXIT.INTERRUPTED : EXIT.K6_GENERIC
    }
    let summary: EngineResult['summary']
    try {
      summary = fromSummaryExport(JSON.parse(await readFile(join(spec.runDir, SUMMARY_EXPORT_FILE), 'utf8')), parser.metrics)
    } catch {
      summary = undefined // k6 failed before writing it; the exit code says why
    }
    const stdout = typeof res.stdout === 'string' ? res.stdout : ''
    return {
      exitCode,
      ...(summary ? { summary } : {}),
      ...(stdout.trim() ? { summaryText: redactText(stdout) } : {}),
      ...(exitCode !== 0 && errorLines.length ? { errorTail: errorLines.slice(-10) } : {}),
    }
  })()

  let signals = 0
  return {
    stop() {
      if (signals++ === 0) child.kill('SIGINT')
    },
    kill() {
      signals = 2
      child.kill('SIGINT')
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref()
    },
    done,
  }
}
