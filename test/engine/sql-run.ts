// Runs a k6-style script (source text) through the node engine in-process, bundled as the
// build bundles scenarios, and collects what a user would see: exit code, logs, console lines
// the script printed with a marker, metric samples and the await-rule report.
import { runBundle, type RunResult } from '../../engine/index.ts'
import { bundleScript } from './sql-kafka-bundle.ts'

export interface ScriptRun {
  result: RunResult
  logs: string[]
  /** JSON objects the script printed as `console.log("RESULT " + JSON.stringify(x))`. */
  results: Record<string, unknown>[]
  samples: { metric: string; value: number; tags: Record<string, string> }[]
  values(metric: string, tags?: Record<string, string>): number[]
}

export const RESULT_MARK = 'RESULT '

export async function runScript(
  name: string,
  source: string,
  opts: { env?: Record<string, string>; cli?: Record<string, unknown>; signal?: AbortSignal } = {},
): Promise<ScriptRun> {
  const bundle = await bundleScript(name, source)
  const logs: string[] = []
  const samples: ScriptRun['samples'] = []
  try {
    const result = await runBundle({
      script: bundle.file,
      cliOptions: opts.cli ?? {},
      env: opts.env ?? {},
      includeSystemEnv: false,
      processEnv: {},
      quiet: true,
      stdout: () => undefined,
      stderr: () => undefined,
      logSink: (line) => logs.push(line),
      onSamples: (batch) => {
        for (const s of batch) samples.push({ metric: s.metric.name, value: s.value, tags: { ...s.tags } })
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    const results = logs
      .map((l) => /RESULT (\{.*\})/.exec(l)?.[1])
      .filter((j): j is string => j !== undefined)
      .map((j) => JSON.parse(j) as Record<string, unknown>)
    return {
      result,
      logs,
      results,
      samples,
      values: (metric, tags = {}) =>
        samples.filter((s) => s.metric === metric && Object.entries(tags).every(([k, v]) => s.tags[k] === v)).map((s) => s.value),
    }
  } finally {
    bundle.dispose()
  }
}
