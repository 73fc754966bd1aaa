// The node engine (the default): runs the bundle with engine/ (k6 semantics, no k6 binary).
// One worker runs in this process; --workers N forks N engine processes with k6 execution
// segments (node-workers.ts) and merges their histograms exactly.
import { runBundle, type RunResult, type Sample } from '../../engine/index.ts'
import { redactText } from '../../stack/redact.ts'
import type { Engine, EngineListener, EngineResult, EngineRun, EngineRunSpec, EngineSample, SummaryData } from './engine.ts'
import { checkScenarioKnobs } from './knob-check.ts'
import { startNodeWorkers } from './node-workers.ts'

export function toEngineSample(s: Sample): EngineSample {
  return { metric: s.metric.name, type: s.metric.type, time: s.time, value: s.value, tags: s.tags, contains: s.metric.contains }
}

export function engineResult(r: RunResult, summaryText: string): EngineResult {
  return {
    exitCode: r.exitCode,
    ...(r.summary ? { summary: r.summary as unknown as SummaryData } : {}),
    ...(summaryText.trim() ? { summaryText } : {}),
    ...(r.error ? { errorTail: [redactText(r.error)] } : {}),
  }
}

export function cliOptions(spec: EngineRunSpec): Record<string, unknown> {
  // Prometheus remote write is the orchestrator's for this engine (outputs/prometheus-rw.ts).
  const out = spec.config.out.filter((o) => !o.startsWith('experimental-prometheus-rw'))
  return { tags: spec.tags, ...(out.length ? { out } : {}) }
}

function startInProcess(spec: EngineRunSpec, listener: EngineListener): EngineRun {
  const stop = new AbortController()
  let summaryText = ''
  const done = runBundle({
    script: spec.bundle,
    cliOptions: cliOptions(spec),
    env: spec.env,
    quiet: true,
    stdout: (t) => {
      summaryText += t
    },
    stderr: (t) => {
      for (const line of t.split('\n')) if (line.trim()) listener.log(redactText(line))
    },
    logSink: (line) => listener.log(redactText(line)),
    onSamples: (batch) => listener.samples(batch.map(toEngineSample)),
    signal: stop.signal,
  }).then((r) => engineResult(r, redactText(summaryText)))
  return {
    stop: () => stop.abort(),
    // In-process there is no second process to kill: abort and let the run end; the caller
    // stops waiting at once (run/signals.ts) and writes what it has.
    kill: () => stop.abort(),
    done,
  }
}

export const nodeEngine: Engine = {
  name: 'node',
  // Nothing to check for a binary; a bad scenario knob is a ConfigError (exit 2) before the run.
  preflight: async (spec) => {
    await checkScenarioKnobs(spec)
    return []
  },
  start(spec, listener) {
    return spec.config.workers > 1 ? startNodeWorkers(spec, listener) : startInProcess(spec, listener)
  },
}
