// `--engine k6-operator --apply`: the orchestrator starts the TestRun itself and waits for it,
// so the run goes on to drain, verify and report as with the other engines. The Secret holding
// credential-bearing -e values goes to kubectl on stdin only and is deleted when the run ends.
// The engine's own metrics stay in the cluster (each runner prints its summary to its pod log);
// k6's Prometheus remote write (-o experimental-prometheus-rw) is how to collect them.
import { EXIT } from '../exit-codes.ts'
import type { EngineListener, EngineResult, EngineRun, EngineRunSpec } from './engine.ts'
import { execKubectl, kubectlCommand } from './kubectl.ts'
import type { OperatorManifests } from './k6-operator.ts'
import { plannedDuration } from './planned-duration.ts'
import { applyManifest, deleteObject, runnerExitCodes, waitForTestRun, type ClusterTarget, type WaitOutcome } from './testrun-cluster.ts'

/** Initializer, image pulls, scheduling and the starter before the load begins. */
export const STARTUP_GRACE_MS = 5 * 60_000
const POLL_MS = 2000

export const NO_ENGINE_METRICS =
  'engine metrics (insert latency, thresholds, k6 summary) stay in the cluster: each runner prints its own summary to its pod log; add -o experimental-prometheus-rw (K6_PROMETHEUS_RW_SERVER_URL in the runner env) to collect them'

export function clusterTarget(spec: EngineRunSpec, secrets: readonly string[] = []): ClusterTarget {
  const command = kubectlCommand()
  return { kubectl: execKubectl(command, secrets), command, namespace: spec.config.namespace }
}

/** The Secret for the credential-bearing -e values, as JSON for `kubectl apply -f -`. Never written to disk. */
export function secretManifest(spec: EngineRunSpec, m: OperatorManifests): string {
  const stringData = Object.fromEntries(m.secretKeys.map((k) => [k, spec.env[k]!]))
  const labels = (m.configMap.metadata as { labels: Record<string, string> }).labels
  return JSON.stringify({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: m.secretName, namespace: spec.config.namespace, labels }, stringData })
}

/** The wait's bound: the scenario's planned length (gracefulStop included) + setup/teardown timeouts + start-up. */
export function waitTimeoutMs(p: { maxDurationMs: number; setupTimeoutMs: number; teardownTimeoutMs: number }): number {
  return p.maxDurationMs + p.setupTimeoutMs + p.teardownTimeoutMs + STARTUP_GRACE_MS
}

/** One k6 exit code for the run from the runners', with the precedence of exit-codes.ts. */
export function combineRunnerCodes(codes: readonly number[]): number {
  const failure = codes.find((c) => c !== 0 && c !== EXIT.THRESHOLDS_FAILED)
  if (failure !== undefined) return failure
  return codes.includes(EXIT.THRESHOLDS_FAILED) ? EXIT.THRESHOLDS_FAILED : EXIT.OK
}

/** What a wait outcome means for the run (without the runner codes, read only after `finished`). */
export function outcomeResult(o: Exclude<WaitOutcome, { kind: 'finished' }>, name: string, timeoutMs: number): EngineResult {
  switch (o.kind) {
    case 'error':
      return { exitCode: EXIT.K6_GENERIC, errorTail: [`TestRun ${name} reached stage error`, ...o.reasons] }
    case 'timeout':
      return { exitCode: EXIT.GENERIC_TIMEOUT, errorTail: [`TestRun ${name} did not finish within ${Math.round(timeoutMs / 1000)}s (last stage: ${o.lastStage || 'none'}); deleted it`] }
    case 'gone':
      return { exitCode: EXIT.K6_GENERIC, errorTail: [`TestRun ${name} was deleted before it finished (last stage: ${o.lastStage || 'none'})`] }
    case 'aborted':
      return { exitCode: EXIT.INTERRUPTED, errorTail: [`interrupted: deleted TestRun ${name} (last stage: ${o.lastStage || 'none'})`] }
    case 'unreadable':
      return { exitCode: EXIT.K6_GENERIC, errorTail: [`cannot follow TestRun ${name}: ${o.error}`] }
  }
}

export interface ApplyOptions {
  /** Overrides for tests. */
  target?: ClusterTarget
  timeoutMs?: number
  pollMs?: number
}

export function startOnCluster(spec: EngineRunSpec, m: OperatorManifests, files: { configMap: string; testRun: string }, listener: EngineListener, opts: ApplyOptions = {}): EngineRun {
  const secrets = m.secretKeys.map((k) => spec.env[k]!)
  const t = opts.target ?? clusterTarget(spec, secrets)
  const name = (m.testRun.metadata as { name: string }).name
  const stop = new AbortController()
  const log = (line: string) => listener.log(`k6-operator: ${line}`)

  const run = async (): Promise<EngineResult> => {
    let timeoutMs = opts.timeoutMs
    if (timeoutMs === undefined) {
      const planned = await plannedDuration(spec.bundle, spec.env)
      timeoutMs = waitTimeoutMs(planned)
      log(`the scenario plans at most ${Math.round(planned.maxDurationMs / 1000)}s of load; waiting up to ${Math.round(timeoutMs / 1000)}s for the TestRun`)
    }
    if (stop.signal.aborted) return { exitCode: EXIT.INTERRUPTED, errorTail: ['interrupted before the TestRun was applied'] }
    if (!spec.env.PG_URL || !spec.env.KAFKA_BROKERS) {
      log('PG_URL / KAFKA_BROKERS are the bundle defaults (the local stack): the runner pods must be able to reach them, or set EVENTLOAD_PG_URL / EVENTLOAD_KAFKA_BROKERS to URLs the cluster can reach')
    }
    if (m.secretKeys.length) {
      await applyManifest(t, { stdin: secretManifest(spec, m) })
      log(`secret/${m.secretName} applied (${m.secretKeys.join(', ')})`)
    }
    await applyManifest(t, { file: files.configMap })
    await applyManifest(t, { file: files.testRun })
    log(`testrun/${name} applied in namespace ${t.namespace} (parallelism ${spec.config.workers})`)
    // A Ctrl-C during the apply deleted nothing yet: delete now.
    if (stop.signal.aborted) await deleteObject(t, 'testrun', name)
    const outcome = await waitForTestRun(t, { name, timeoutMs, pollMs: opts.pollMs ?? POLL_MS, signal: stop.signal, onStage: (s) => log(`testrun/${name} stage ${s}`) })
    if (outcome.kind === 'timeout') await deleteObject(t, 'testrun', name)
    if (outcome.kind !== 'finished') return outcomeResult(outcome, name, timeoutMs)
    const codes = await runnerExitCodes(t, name)
    const known = [...(codes?.values() ?? [])].filter((c): c is number => c !== undefined)
    if (!codes || known.length < spec.config.workers) {
      const note = `TestRun ${name} finished; k6's exit code is unknown for ${spec.config.workers - known.length} of ${spec.config.workers} runner pod(s) (gone or unreadable), so thresholds are not judged; ${NO_ENGINE_METRICS}`
      return { exitCode: known.length ? combineRunnerCodes(known) : EXIT.OK, note }
    }
    const exitCode = combineRunnerCodes(known)
    const list = [...codes].map(([pod, c]) => `${pod} ${c}`).join(', ')
    return { exitCode, note: `TestRun ${name} finished, runner exit codes: ${list}; ${NO_ENGINE_METRICS}`, ...(exitCode !== 0 ? { errorTail: [`runner exit codes: ${list} (details in the pod logs: ${t.command} logs -n ${t.namespace} -l k6_cr=${name},runner=true)`] } : {}) }
  }

  const done = (async (): Promise<EngineResult> => {
    try {
      return await run()
    } catch (err) {
      return { exitCode: EXIT.K6_GENERIC, errorTail: [(err as Error).message] }
    } finally {
      // Credentials do not outlive the run; the ConfigMap and TestRun stay for the pod logs.
      if (m.secretKeys.length) await deleteObject(t, 'secret', m.secretName).catch(() => false)
    }
  })()

  const abort = () => {
    if (stop.signal.aborted) return
    stop.abort()
    log(`deleting testrun/${name} (its runner Jobs and pods go with it)`)
    void deleteObject(t, 'testrun', name)
  }
  return { stop: abort, kill: abort, done }
}
