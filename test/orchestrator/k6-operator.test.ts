// k6-operator rendering and --apply, and the docker command. A Kubernetes cluster cannot exist
// here: the manifests are checked against the TestRun CRD fields of k6-extensions-and-operator.md
// §4.1, the --apply path runs against a scripted kubectl (below: it STANDS IN for kubectl and a
// cluster with the k6-operator, answering with the stages and pod states the operator documents)
// or the stand-in executable fixtures/fake-kubectl.mjs.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { dockerArgs } from '../../orchestrator/engines/docker.ts'
import type { EngineRunSpec } from '../../orchestrator/engines/engine.ts'
import { segmentFor } from '../../orchestrator/engines/k6-args.ts'
import { k6OperatorEngine, renderOperatorManifests } from '../../orchestrator/engines/k6-operator.ts'
import { STARTUP_GRACE_MS, startOnCluster, waitTimeoutMs } from '../../orchestrator/engines/k6-operator-apply.ts'
import { scrub, type Kubectl, type KubectlResult } from '../../orchestrator/engines/kubectl.ts'
import { plannedDuration } from '../../orchestrator/engines/planned-duration.ts'
import type { ClusterTarget } from '../../orchestrator/engines/testrun-cluster.ts'
import { FIXTURES, tempDir, testConfig } from './helpers.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

function spec(dir: string, extra: Record<string, unknown> = {}) {
  const bundle = join(dir, 'stress.js')
  writeFileSync(bundle, 'export default function () {}\n')
  const config = testConfig({ scenario: 'stress', runId: 'run-20260105T100000-abcdef', ...extra })
  return { config, bundle, env: { RUN_ID: config.runId, RATE: '50', PG_URL: 'postgres://app:s3cret@db:5432/app' }, tags: { testid: config.runId }, runDir: dir }
}

describe('k6-operator engine', () => {
  it('renders a TestRun with parallelism = --workers and the bundle in a ConfigMap', async () => {
    using t = tempDir()
    const s = spec(t.dir, { engine: 'k6-operator', workers: '4', namespace: 'load', image: 'registry.example/eventload-k6:1' })
    const result = await k6OperatorEngine.start(s, { samples: () => {}, log: () => {} }).done
    expect(result.handedOff).toContain('kubectl apply -f')
    const cm = parse(readFileSync(join(t.dir, 'k6-operator/configmap.yaml'), 'utf8')) as { kind: string; metadata: { name: string; namespace: string }; data: Record<string, string> }
    const tr = parse(readFileSync(join(t.dir, 'k6-operator/testrun.yaml'), 'utf8')) as {
      apiVersion: string
      kind: string
      spec: { parallelism: number; script: { configMap: { name: string; file: string } }; args: string[]; runner: { image: string; envFrom?: { secretRef: { name: string } }[] } }
    }
    expect(cm.kind).toBe('ConfigMap')
    expect(cm.data['stress.js']).toBe('export default function () {}\n')
    expect(tr.apiVersion).toBe('k6.io/v1alpha1')
    expect(tr.kind).toBe('TestRun')
    expect(tr.spec.parallelism).toBe(4)
    expect(tr.spec.script.configMap).toEqual({ name: cm.metadata.name, file: 'stress.js' })
    expect(tr.spec.runner.image).toBe('registry.example/eventload-k6:1')
    expect(tr.spec.args).toEqual(expect.arrayContaining(['-e', 'RUN_ID=run-20260105T100000-abcdef', '--tag', 'testid=run-20260105T100000-abcdef']))
  })

  it('keeps credentials out of the manifests: they come from a Secret', () => {
    using t = tempDir()
    const s = spec(t.dir, { engine: 'k6-operator' })
    const m = renderOperatorManifests({ ...s, env: { ...s.env, API_TOKEN: 'tok-123456', SEED: 'plain' } }, 'x')
    // A password in a URL, and a value under a secret-looking name.
    expect(m.secretKeys).toEqual(['PG_URL', 'API_TOKEN'])
    expect(JSON.stringify(m)).not.toContain('s3cret')
    expect(JSON.stringify(m)).not.toContain('tok-123456')
    expect(m.testRun.spec).toMatchObject({ args: expect.arrayContaining(['-e', 'SEED=plain']) as unknown })
    expect((m.testRun.spec as { runner: { envFrom: unknown } }).runner.envFrom).toEqual([{ secretRef: { name: m.secretName } }])
  })

  it('splits like the operator: runner i of n gets (i-1)/n:i/n of 0,1/n,...,1 (k6-semantics.md §5.3)', () => {
    expect(segmentFor(1, 1)).toEqual({ segment: '0:1', sequence: '0,1' })
    expect(segmentFor(1, 3)).toEqual({ segment: '0:1/3', sequence: '0,1/3,2/3,1' })
    expect(segmentFor(3, 3)).toEqual({ segment: '2/3:1', sequence: '0,1/3,2/3,1' })
  })
})

describe('docker engine', () => {
  it('runs the k6.Dockerfile image (entrypoint `k6 run`) with host networking and the run dir at /out', () => {
    using t = tempDir()
    const s = spec(t.dir, { engine: 'docker', image: 'eventload-k6:test' })
    const args = dockerArgs(s, { uid: 1000, gid: 1000 })
    expect(args.slice(0, 3)).toEqual(['run', '--rm', '--init'])
    expect(args).toEqual(expect.arrayContaining(['--network', 'host', '--user', '1000:1000', '--volume', `${t.dir}:/out`]))
    const image = args.indexOf('eventload-k6:test')
    expect(image).toBeGreaterThan(0)
    const k6 = args.slice(image + 1)
    expect(k6[0]).not.toBe('run') // the image's ENTRYPOINT is ["k6", "run"]
    expect(k6).toEqual(expect.arrayContaining(['--out', 'json=/out/k6-samples.json', '--summary-export=/out/k6-summary-export.json', '-e', 'RATE=50']))
    expect(k6.at(-1)).toBe('/scenarios/stress.js')
  })
})

// ---- --apply ----------------------------------------------------------------------------------

const ok = (stdout = ''): KubectlResult => ({ exitCode: 0, stdout, stderr: '' })
const testRunJson = (stage: string, conditions: unknown[] = []) => ok(JSON.stringify({ kind: 'TestRun', status: { stage, conditions } }))
const podsJson = (codes: number[]) =>
  ok(JSON.stringify({ items: codes.map((c, i) => ({ metadata: { name: `tr-${i + 1}` }, status: { containerStatuses: [{ name: 'k6', state: { terminated: { exitCode: c } } }] } })) }))

/** A scripted kubectl: answers `get testrun` with the next of `stages` (the last repeats), records every call. */
function scripted(stages: (() => KubectlResult)[], pods: KubectlResult = podsJson([0])) {
  const calls: { args: string[]; stdin?: string }[] = []
  let polls = 0
  const kubectl: Kubectl = (args, opts) => {
    calls.push({ args, ...(opts?.stdin !== undefined ? { stdin: opts.stdin } : {}) })
    if (args[0] === 'get' && args[1] === 'testrun') return Promise.resolve(stages[Math.min(polls++, stages.length - 1)]!())
    if (args[0] === 'get' && args[1] === 'pods') return Promise.resolve(pods)
    return Promise.resolve(ok())
  }
  const target: ClusterTarget = { kubectl, command: 'kubectl', namespace: 'load' }
  return { calls, target }
}

function applySpec(dir: string, workers = 1): EngineRunSpec {
  const s = spec(dir, { engine: 'k6-operator', apply: true, namespace: 'load', workers: String(workers) })
  return { ...s, env: { ...s.env, API_TOKEN: 'tok-abcdef123456' } }
}

function startApplied(dir: string, stages: (() => KubectlResult)[], opts: { pods?: KubectlResult; timeoutMs?: number; workers?: number } = {}) {
  const s = applySpec(dir, opts.workers)
  const m = renderOperatorManifests(s, 'export default function () {}')
  const k = scripted(stages, opts.pods)
  const logs: string[] = []
  const run = startOnCluster(s, m, { configMap: join(dir, 'cm.yaml'), testRun: join(dir, 'tr.yaml') }, { samples: () => {}, log: (l) => logs.push(l) }, { target: k.target, timeoutMs: opts.timeoutMs ?? 5000, pollMs: 10 })
  return { run, calls: k.calls, logs, m }
}

describe('k6-operator --apply (scripted kubectl standing in for a cluster)', () => {
  it('sends the Secret on stdin only, applies ConfigMap then TestRun, waits for finished and deletes the Secret', async () => {
    using t = tempDir()
    const { run, calls, logs, m } = startApplied(t.dir, [() => testRunJson('initialization'), () => testRunJson('started'), () => testRunJson('stopped'), () => testRunJson('finished')], { pods: podsJson([0, 0]), workers: 2 })
    const result = await run.done
    expect(result.exitCode).toBe(0)
    expect(result.note).toContain('engine metrics')
    const applies = calls.filter((c) => c.args[0] === 'apply')
    expect(applies.map((c) => c.args.at(-1))).toEqual(['-', join(t.dir, 'cm.yaml'), join(t.dir, 'tr.yaml')])
    const secret = JSON.parse(applies[0]!.stdin!) as { kind: string; metadata: { name: string }; stringData: Record<string, string> }
    expect(secret).toMatchObject({ kind: 'Secret', metadata: { name: m.secretName }, stringData: { PG_URL: 'postgres://app:s3cret@db:5432/app', API_TOKEN: 'tok-abcdef123456' } })
    // Never on a command line, never in a log line.
    for (const c of calls) expect(c.args.join(' ')).not.toMatch(/s3cret|tok-abcdef123456/)
    for (const l of logs) expect(l).not.toMatch(/s3cret|tok-abcdef123456/)
    expect(calls.at(-1)!.args.slice(0, 3)).toEqual(['delete', 'secret', m.secretName])
    expect(logs.filter((l) => l.includes(' stage '))).toHaveLength(4)
  })

  it("kubectl's output is scrubbed of the secret values", () => {
    expect(scrub('error: bad value "tok-abcdef123456" for postgres://app:s3cret@db/app', ['tok-abcdef123456'])).toBe('error: bad value "***" for postgres://app:***@db/app')
  })

  it('finished is not success: the runner pods\' k6 exit codes decide (a failure over thresholds over 0)', async () => {
    using t = tempDir()
    expect((await startApplied(t.dir, [() => testRunJson('finished')], { pods: podsJson([0, 99]), workers: 2 }).run.done).exitCode).toBe(99)
    expect((await startApplied(t.dir, [() => testRunJson('finished')], { pods: podsJson([99, 107]), workers: 2 }).run.done).exitCode).toBe(107)
  })

  it('stage error: exit 255 with the operator\'s reason', async () => {
    using t = tempDir()
    const { run } = startApplied(t.dir, [() => testRunJson('initialization'), () => testRunJson('error', [{ type: 'TestRunRunning', message: 'invalid arguments' }])])
    const result = await run.done
    expect(result.exitCode).toBe(255)
    expect(result.errorTail).toEqual(expect.arrayContaining([expect.stringContaining('stage error'), 'TestRunRunning: invalid arguments']))
  })

  it('timeout: a TestRun stuck before finished is deleted; exit 102 names the last stage', async () => {
    using t = tempDir()
    const { run, calls, m } = startApplied(t.dir, [() => testRunJson('initialization')], { timeoutMs: 200 })
    const result = await run.done
    expect(result.exitCode).toBe(102)
    expect(result.errorTail![0]).toMatch(/did not finish within 0s \(last stage: initialization\); deleted it/)
    const deletes = calls.filter((c) => c.args[0] === 'delete').map((c) => c.args.slice(1, 3).join('/'))
    expect(deletes).toEqual([`testrun/${(m.testRun.metadata as { name: string }).name}`, `secret/${m.secretName}`])
  })

  it('a TestRun deleted by someone else ends the run with 255; deleted by our Ctrl-C it is 105', async () => {
    using t = tempDir()
    const notFound = (): KubectlResult => ({ exitCode: 1, stdout: '', stderr: 'Error from server (NotFound): testruns.k6.io "x" not found' })
    const gone = await startApplied(t.dir, [() => testRunJson('started'), notFound]).run.done
    expect(gone.exitCode).toBe(255)
    expect(gone.errorTail![0]).toMatch(/was deleted before it finished \(last stage: started\)/)
    const { run } = startApplied(t.dir, [() => testRunJson('started'), () => (run.stop(), notFound())])
    expect((await run.done).exitCode).toBe(105)
  })

  it('stop() (Ctrl-C) deletes the TestRun; exit 105', async () => {
    using t = tempDir()
    const { run, calls } = startApplied(t.dir, [() => testRunJson('started')])
    setTimeout(() => run.stop(), 100)
    const result = await run.done
    expect(result.exitCode).toBe(105)
    expect(calls.some((c) => c.args[0] === 'delete' && c.args[1] === 'testrun')).toBe(true)
  })

  it('the wait is bounded by the planned duration (gracefulStop included) + setup/teardown timeouts + start-up', async () => {
    using t = tempDir()
    const bundle = join(t.dir, 'b.js')
    writeFileSync(bundle, "export const options = { scenarios: { a: { executor: 'constant-vus', vus: 1, duration: __ENV.D } } }\nexport default function () {}\n")
    const p = await plannedDuration(bundle, { D: '5s' })
    // k6 defaults: gracefulStop 30s, setupTimeout and teardownTimeout 60s.
    expect(p).toEqual({ maxDurationMs: 35_000, setupTimeoutMs: 60_000, teardownTimeoutMs: 60_000 })
    expect(waitTimeoutMs(p)).toBe(35_000 + 120_000 + STARTUP_GRACE_MS)
  })
})

describe('k6-operator --apply preflight (fixtures/fake-kubectl.mjs stands in for kubectl and a cluster)', () => {
  const FAKE = join(FIXTURES, 'fake-kubectl.mjs')

  it('passes when kubectl answers, the namespace exists and the TestRun CRD is installed', async () => {
    using t = tempDir()
    vi.stubEnv('KUBECTL', FAKE)
    vi.stubEnv('FAKE_KUBECTL_STATE', t.dir)
    vi.stubEnv('FAKE_KUBECTL_NAMESPACES', 'default,load')
    expect(await k6OperatorEngine.preflight(applySpec(t.dir))).toEqual([])
  })

  it('names what is missing and the fix: kubectl, the namespace, the CRD', async () => {
    using t = tempDir()
    vi.stubEnv('FAKE_KUBECTL_STATE', t.dir)
    vi.stubEnv('KUBECTL', join(t.dir, 'no-kubectl'))
    const [none] = await k6OperatorEngine.preflight(applySpec(t.dir))
    expect(none).toMatchObject({ problem: 'not found', fix: expect.stringContaining('KUBECTL') as unknown })
    vi.stubEnv('KUBECTL', FAKE)
    vi.stubEnv('FAKE_KUBECTL_NAMESPACES', 'other')
    const [ns] = await k6OperatorEngine.preflight(applySpec(t.dir))
    expect(ns).toMatchObject({ what: 'namespace load', fix: expect.stringContaining('create namespace load') as unknown })
    vi.stubEnv('FAKE_KUBECTL_NAMESPACES', 'load')
    vi.stubEnv('FAKE_KUBECTL_NO_CRD', '1')
    const [crd] = await k6OperatorEngine.preflight(applySpec(t.dir))
    expect(crd).toMatchObject({ what: 'TestRun CRD (testruns.k6.io)', fix: expect.stringContaining('k6-operator') as unknown })
  })

  it('--apply needs --engine k6-operator', () => {
    expect(() => testConfig({ scenario: 'stress', engine: 'node', apply: true })).toThrow(/--apply: --apply needs --engine k6-operator/)
  })
})
