// What the k6-operator engine asks of the cluster, through kubectl: is it there (preflight),
// apply the Secret / ConfigMap / TestRun, follow `.status.stage` until the operator says
// `finished` or `error`, read the runner pods' exit codes, delete. Facts relied on (grafana/
// k6-operator, k6-extensions-and-operator.md §4): stages initialization → initialized → created →
// started → stopped → finished, `error` for a TestRun it rejects; `finished` only means every
// runner Job ended, failed ones too, so k6's exit codes come from the runner pods (labels
// app=k6, k6_cr=<name>, runner=true; container `k6`). Deleting the TestRun deletes its Jobs.
import { sleep } from '../run/interrupt.ts'
import type { PreflightProblem } from './engine.ts'
import { kubectlError, type Kubectl } from './kubectl.ts'

export interface ClusterTarget {
  kubectl: Kubectl
  /** How kubectl is named in messages (the KUBECTL value or `kubectl`). */
  command: string
  namespace: string
}

const KUBECTL_FIX = 'install kubectl (https://kubernetes.io/docs/tasks/tools/) or point KUBECTL at it, with a kubeconfig for the cluster (KUBECONFIG)'

/** kubectl exists, the namespace answers, the TestRun CRD is installed. Stops at the first gap. */
export async function clusterPreflight(t: ClusterTarget): Promise<PreflightProblem[]> {
  const what = `kubectl "${t.command}"`
  const version = await t.kubectl(['version', '--client'], { timeoutMs: 15_000 })
  if (version.notFound) return [{ what, problem: 'not found', fix: KUBECTL_FIX }]
  if (version.exitCode !== 0) return [{ what, problem: `\`version --client\` failed: ${kubectlError(version)}`, fix: KUBECTL_FIX }]
  const ns = await t.kubectl(['get', 'namespace', t.namespace, '-o', 'name'], { timeoutMs: 30_000 })
  if (ns.exitCode !== 0) {
    return [{ what: `namespace ${t.namespace}`, problem: `does not answer: ${kubectlError(ns)}`, fix: `check the kube context (\`${t.command} config current-context\`), create the namespace (\`${t.command} create namespace ${t.namespace}\`) or pass --namespace` }]
  }
  const crd = await t.kubectl(['get', 'testruns.k6.io', '-n', t.namespace, '-o', 'name'], { timeoutMs: 30_000 })
  if (crd.exitCode !== 0) {
    return [{ what: 'TestRun CRD (testruns.k6.io)', problem: `does not answer in namespace ${t.namespace}: ${kubectlError(crd)}`, fix: 'install the k6-operator (helm install k6-operator grafana/k6-operator) and allow this user get/list/create/delete on testruns.k6.io' }]
  }
  return []
}

/** `kubectl apply --server-side` (no last-applied annotation, so a bundle near the ConfigMap limit fits). */
export async function applyManifest(t: ClusterTarget, source: { file: string } | { stdin: string }): Promise<void> {
  const file = 'file' in source ? source.file : '-'
  const r = await t.kubectl(['apply', '--server-side', '--force-conflicts', '-n', t.namespace, '-f', file], 'stdin' in source ? { stdin: source.stdin } : {})
  if (r.exitCode !== 0) throw new Error(`${t.command} apply -f ${file === '-' ? '- (the Secret)' : file} failed: ${kubectlError(r)}`)
}

export async function deleteObject(t: ClusterTarget, kind: string, name: string, extra: string[] = []): Promise<boolean> {
  const r = await t.kubectl(['delete', kind, name, '-n', t.namespace, '--ignore-not-found', '--wait=false', ...extra], { timeoutMs: 30_000 })
  return r.exitCode === 0
}

export type WaitOutcome =
  | { kind: 'finished' }
  | { kind: 'error'; reasons: string[] }
  | { kind: 'timeout'; lastStage: string }
  | { kind: 'gone'; lastStage: string }
  | { kind: 'aborted'; lastStage: string }
  | { kind: 'unreadable'; error: string }

export interface WaitOptions {
  name: string
  timeoutMs: number
  pollMs: number
  /** Stop waiting (Ctrl-C). */
  signal?: AbortSignal
  onStage?: (stage: string) => void
  /** Consecutive failed `get`s before giving up (the API server may blip). */
  maxFailures?: number
}

interface TestRunObject {
  status?: { stage?: string; conditions?: { type?: string; status?: string; reason?: string; message?: string }[] }
}

/** Polls `kubectl get testrun <name> -o json` until a terminal stage, the timeout or the signal. */
export async function waitForTestRun(t: ClusterTarget, o: WaitOptions): Promise<WaitOutcome> {
  const deadline = Date.now() + o.timeoutMs
  let stage = ''
  let failures = 0
  for (;;) {
    if (o.signal?.aborted) return { kind: 'aborted', lastStage: stage }
    const r = await t.kubectl(['get', 'testrun', o.name, '-n', t.namespace, '-o', 'json'], { timeoutMs: 30_000 })
    // Ctrl-C's delete may have landed while this get was out: that is the interrupt, not a loss.
    if (o.signal?.aborted) return { kind: 'aborted', lastStage: stage }
    if (r.exitCode === 0) {
      failures = 0
      let obj: TestRunObject
      try {
        obj = JSON.parse(r.stdout) as TestRunObject
      } catch {
        return { kind: 'unreadable', error: `\`get testrun ${o.name} -o json\` did not print JSON` }
      }
      const now = obj.status?.stage ?? ''
      if (now !== stage) {
        stage = now
        if (now) o.onStage?.(now)
      }
      if (now === 'finished') return { kind: 'finished' }
      if (now === 'error') {
        const reasons = (obj.status?.conditions ?? []).filter((c) => c.message).map((c) => `${c.type ?? '?'}: ${c.message}`)
        return { kind: 'error', reasons }
      }
    } else if (/NotFound|not found/i.test(r.stderr)) {
      // Deleted under us (someone else, or `cleanup: post` after a stage we polled past).
      return { kind: 'gone', lastStage: stage }
    } else if (++failures >= (o.maxFailures ?? 5)) {
      return { kind: 'unreadable', error: kubectlError(r) }
    }
    if (Date.now() >= deadline) return { kind: 'timeout', lastStage: stage }
    await sleep(Math.min(o.pollMs, Math.max(0, deadline - Date.now())), o.signal)
  }
}

interface PodList {
  items?: { metadata?: { name?: string }; status?: { containerStatuses?: { name?: string; state?: { terminated?: { exitCode?: number } } }[] } }[]
}

/** k6's exit code in each runner pod (by pod name); undefined when the pods cannot be listed. */
export async function runnerExitCodes(t: ClusterTarget, name: string): Promise<Map<string, number | undefined> | undefined> {
  const r = await t.kubectl(['get', 'pods', '-n', t.namespace, '-l', `app=k6,k6_cr=${name},runner=true`, '-o', 'json'], { timeoutMs: 30_000 })
  if (r.exitCode !== 0) return undefined
  let list: PodList
  try {
    list = JSON.parse(r.stdout) as PodList
  } catch {
    return undefined
  }
  const codes = new Map<string, number | undefined>()
  for (const pod of list.items ?? []) {
    const k6 = pod.status?.containerStatuses?.find((c) => c.name === 'k6')
    codes.set(pod.metadata?.name ?? '?', k6?.state?.terminated?.exitCode)
  }
  return codes
}
