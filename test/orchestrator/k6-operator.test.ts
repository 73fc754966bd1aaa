// k6-operator rendering (a Kubernetes cluster cannot exist here, so the manifests are checked
// against the TestRun CRD fields of k6-extensions-and-operator.md §4.1) and the docker command.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { dockerArgs } from '../../orchestrator/engines/docker.ts'
import { segmentFor } from '../../orchestrator/engines/k6-args.ts'
import { k6OperatorEngine, renderOperatorManifests } from '../../orchestrator/engines/k6-operator.ts'
import { tempDir, testConfig } from './helpers.ts'

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
    const m = renderOperatorManifests(spec(t.dir, { engine: 'k6-operator' }), 'x')
    expect(m.secretKeys).toEqual(['PG_URL'])
    expect(JSON.stringify(m)).not.toContain('s3cret')
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
