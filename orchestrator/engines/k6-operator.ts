// The k6-operator engine: renders a ConfigMap holding the bundle and a TestRun
// (k6.io/v1alpha1) with `parallelism` = --workers; the operator splits the load with execution
// segments (k6-extensions-and-operator.md §4). Without --apply it prepares the manifests and
// hands off (prints the kubectl commands); with --apply it applies them and waits for the
// TestRun (k6-operator-apply.ts), while the run's tail, drain and verify work from here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { stringify } from 'yaml'
import type { Engine, EngineListener, EngineResult, EngineRun, EngineRunSpec, PreflightProblem } from './engine.ts'
import { clusterTarget, startOnCluster } from './k6-operator-apply.ts'
import { clusterPreflight } from './testrun-cluster.ts'
import { publicEnv, secretEnv } from './secret-env.ts'

/** Kubernetes ConfigMaps are limited to about 1 MiB (etcd's object size). */
const CONFIGMAP_LIMIT = 1_000_000

export interface OperatorManifests {
  configMap: Record<string, unknown>
  testRun: Record<string, unknown>
  /** -e keys whose values carry credentials: they come from a Secret, never from the manifest. */
  secretKeys: string[]
  secretName: string
}

function k8sName(text: string, max = 63): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '')
}

export function renderOperatorManifests(spec: EngineRunSpec, bundleText: string): OperatorManifests {
  const c = spec.config
  const name = k8sName(`eventload-${c.scenario}-${c.runId.slice(-6)}`)
  const file = basename(spec.bundle)
  const secretName = `${name}-env`
  // A credential in the value (URL password, token=...) or a secret-looking key (PG_PASSWORD, API_TOKEN).
  const secretKeys = Object.keys(secretEnv(spec.env))
  const args: string[] = []
  for (const [k, v] of Object.entries(publicEnv(spec.env))) args.push('-e', `${k}=${v}`)
  for (const [k, v] of Object.entries(spec.tags)) args.push('--tag', `${k}=${v}`)
  for (const o of c.out) args.push('--out', o)
  const labels = { 'app.kubernetes.io/name': 'eventload', 'app.kubernetes.io/component': 'load', 'eventload.dev/scenario': k8sName(c.scenario), 'eventload.dev/run-id': k8sName(c.runId) }
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: c.namespace, labels },
    data: { [file]: bundleText },
  }
  const testRun = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name, namespace: c.namespace, labels },
    spec: {
      parallelism: c.workers,
      script: { configMap: { name, file } },
      args,
      runner: {
        image: c.image,
        metadata: { labels },
        ...(secretKeys.length ? { envFrom: [{ secretRef: { name: secretName } }] } : {}),
        env: [{ name: 'K6_NO_USAGE_REPORT', value: 'true' }],
      },
    },
  }
  return { configMap, testRun, secretKeys, secretName }
}

export const k6OperatorEngine: Engine = {
  name: 'k6-operator',

  async preflight(spec: EngineRunSpec): Promise<PreflightProblem[]> {
    const size = Buffer.byteLength(readFileSync(spec.bundle))
    if (size > CONFIGMAP_LIMIT) {
      return [{ what: `bundle ${basename(spec.bundle)}`, problem: `${size} bytes is over the ~1 MiB ConfigMap limit`, fix: 'bake the bundle into the runner image (script.localFile) instead' }]
    }
    return spec.config.apply ? clusterPreflight(clusterTarget(spec)) : []
  },

  start(spec: EngineRunSpec, listener: EngineListener): EngineRun {
    const m = renderOperatorManifests(spec, readFileSync(spec.bundle, 'utf8'))
    const dir = join(spec.runDir, 'k6-operator')
    mkdirSync(dir, { recursive: true })
    const files = { configMap: join(dir, 'configmap.yaml'), testRun: join(dir, 'testrun.yaml') }
    writeFileSync(files.configMap, stringify(m.configMap, { lineWidth: 0 }))
    writeFileSync(files.testRun, stringify(m.testRun, { lineWidth: 0 }))
    if (spec.config.apply) return startOnCluster(spec, m, files, listener)
    const secretStep = m.secretKeys.length
      ? `kubectl -n ${spec.config.namespace} create secret generic ${m.secretName} ${m.secretKeys.map((k) => `--from-literal=${k}=...`).join(' ')}\n  then: `
      : ''
    const result: EngineResult = {
      exitCode: 0,
      artifacts: ['k6-operator/configmap.yaml', 'k6-operator/testrun.yaml'],
      handedOff: `rendered ${dir}/{configmap,testrun}.yaml (parallelism ${spec.config.workers}); start it with:\n  ${secretStep}kubectl apply -f ${dir}/\n  (or run again with --apply: eventload applies it, waits, drains and verifies)`,
    }
    return { stop() {}, kill() {}, done: Promise.resolve(result) }
  },
}
