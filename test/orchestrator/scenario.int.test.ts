// `eventload scenario` end to end against the real local stack (Postgres, Kafka, FerretDB, the
// reference processor), as a user runs it: a real process, real exit codes, real reports.
// Small event counts and bounded times (CI runs everything in 90 minutes).
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers.ts'

const ROOT = join(import.meta.dirname, '../..')

function scenario(args: string[], env: NodeJS.ProcessEnv = {}) {
  return execa(process.execPath, ['--import', 'tsx', 'orchestrator/cli.ts', 'scenario', ...args, '--dashboard', 'plain'], {
    cwd: ROOT,
    reject: false,
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 240_000,
  })
}

/** A stress run (300 events at 10/s) sent one SIGINT per entry of `afterMs`, counted from when its load began. */
async function interruptedStress(runId: string, reportDir: string, afterMs: number[]) {
  const child = scenario(['stress', '--events', '300', '--rate', '10', '--run-id', runId, '--report-dir', reportDir])
  let sent = false
  child.stderr.on('data', (chunk: Buffer) => {
    // The scenario's setup() logs its plan once the load has begun.
    if (!sent && chunk.toString().includes('events at 10/s')) {
      sent = true
      for (const ms of afterMs) setTimeout(() => child.kill('SIGINT'), ms)
    }
  })
  return { r: await child, sent }
}

function json<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

interface Summary {
  metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>
  eventload: { status: string; exit_code: number; interrupted: boolean; phases: { name: string; status: string }[] }
  pipeline: { events_written: number; in_kafka: number; in_mongo: number; drain: { drained: boolean } | null }
  verification: { passed: boolean } | null
}

describe('npm run scenario (real stack)', () => {
  it('smoke: starts what is missing, runs, drains, verifies, reports; exit 0', async () => {
    using t = tempDir()
    const r = await scenario(['smoke', '--run-id', `it-smoke-${Date.now()}`, '--report-dir', t.dir])
    expect(r.exitCode, r.stderr).toBe(0)
    for (const phase of ['preflight', 'stack', 'build', 'tail', 'probe', 'load', 'drain', 'verify', 'report']) expect(r.stderr).toMatch(new RegExp(`✓ ${phase}\\b`))
    // A k6 user's summary, then ours.
    expect(r.stdout).toContain('█ THRESHOLDS')
    expect(r.stdout).toContain('█ TOTAL RESULTS')
    expect(r.stdout).toContain('█ PIPELINE')
    expect(r.stdout).toMatch(/PASSED\s+exit 0/)
    const dir = join(t.dir, r.stdout.match(/run (it-smoke-\d+)/)![1]!)
    for (const f of ['summary.json', 'metrics.json', 'junit.xml', 'report.html', 'verification.json', 'insert-latency.hlog']) expect(existsSync(join(dir, f)), f).toBe(true)
    const summary = json<Summary>(join(dir, 'summary.json'))
    expect(summary.eventload).toMatchObject({ status: 'passed', exit_code: 0, interrupted: false })
    // smoke writes 10 events plus the product catalogue; every one of them reached MongoDB.
    expect(summary.pipeline.events_written).toBe(summary.metrics.events_written!.values.count)
    expect(summary.pipeline.events_written).toBeGreaterThanOrEqual(10)
    expect(summary.pipeline.in_mongo).toBe(summary.pipeline.events_written)
    expect(summary.pipeline.in_kafka).toBe(summary.pipeline.events_written)
    const ajv = new Ajv({ strict: false })
    const valid = ajv.compile(json<object>(join(ROOT, 'orchestrator/reports/schema/summary.schema.json')))
    expect(valid(summary), JSON.stringify(valid.errors)).toBe(true)
  })

  it('a crossed threshold exits 99 and junit.xml shows which one', async () => {
    using t = tempDir()
    const runId = `it-thr-${Date.now()}`
    // INSERT_P50_MS=0 makes the scenario's own threshold `p(50)<0`: no insert is that fast.
    const r = await scenario(['smoke', '-e', 'INSERT_P50_MS=0', '--no-verify', '--run-id', runId, '--report-dir', t.dir])
    expect(r.exitCode, r.stderr).toBe(99)
    expect(r.stdout).toMatch(/✗ 'p\(50\)<0'/)
    const junit = readFileSync(join(t.dir, runId, 'junit.xml'), 'utf8')
    expect(junit).toMatch(/<testcase classname="thresholds" name="insert_duration: p\(50\)&lt;0">\s*<failure message="threshold crossed/)
    expect(junit).toMatch(/<testcase classname="thresholds" name="insert_duration: p\(95\)&lt;100">\s*<system-out>/)
  })

  it('an unreachable service is named, with the fix; exit 3 and nothing is loaded', async () => {
    using t = tempDir()
    const r = await scenario(['smoke', '--report-dir', t.dir], { EVENTLOAD_MONGO_URL: 'mongodb://127.0.0.1:1/' })
    expect(r.exitCode, r.stderr).toBe(3)
    expect(r.stderr).toMatch(/preflight failed:\n\s+- mongo \(mongodb:\/\/127\.0\.0\.1:1\/\): not reachable/)
    expect(r.stderr).toMatch(/fix: check that mongodb:\/\/127\.0\.0\.1:1\/ is up and reachable from here, or fix EVENTLOAD_MONGO_URL/)
    expect(r.stderr).not.toMatch(/✓ load/)
  })

  it('Ctrl-C mid-run: the load stops gracefully, the run drains, verifies and reports; every written event is accounted for', async () => {
    using t = tempDir()
    const runId = `it-int-${Date.now()}`
    // Interrupted 4 s into the load.
    const { r, sent } = await interruptedStress(runId, t.dir, [4000])
    expect(sent).toBe(true)
    expect(r.exitCode, r.stderr).toBe(105)
    expect(r.stderr).toContain('SIGINT: stopping the load gracefully')
    const summary = json<Summary>(join(t.dir, runId, 'summary.json'))
    expect(summary.eventload).toMatchObject({ status: 'aborted', exit_code: 105, interrupted: true })
    // Stopped early: far fewer than the 300 planned events, but every committed one arrived.
    expect(summary.pipeline.events_written).toBeGreaterThan(24)
    expect(summary.pipeline.events_written).toBeLessThan(300)
    expect(summary.pipeline.drain?.drained).toBe(true)
    expect(summary.pipeline.in_mongo).toBe(summary.pipeline.events_written)
    const verification = json<{ counts: { committed: number; arrived: number }; checks: { name: string; pass: boolean }[] }>(join(t.dir, runId, 'verification.json'))
    expect(verification.counts.committed).toBe(summary.pipeline.events_written)
    expect(verification.counts.arrived).toBe(verification.counts.committed)
    expect(verification.checks.find((c) => c.name === 'completeness')!.pass).toBe(true)
    expect(existsSync(join(t.dir, runId, 'report.html'))).toBe(true)
  })

  it('--workers 2: two engine processes with execution segments run exactly the planned iterations, merged', async () => {
    using t = tempDir()
    const runId = `it-workers-${Date.now()}`
    // Latency thresholds off: this test is about the split and the merge, not the machine's speed.
    const off = ['-e', 'INSERT_P50_MS=off', '-e', 'INSERT_P95_MS=off', '-e', 'INSERT_P99_MS=off']
    const r = await scenario(['stress', '--events', '60', '--rate', '20', '--workers', '2', ...off, '--run-id', runId, '--report-dir', t.dir])
    expect(r.exitCode, r.stderr).toBe(0)
    const dir = join(t.dir, runId)
    const results = [1, 2].map((i) => json<{ iterationsCompleted: number; executionSegment: string }>(join(dir, `worker-${i}.result.json`)))
    expect(results.map((w) => w.executionSegment)).toEqual(['0:1/2', '1/2:1'])
    const summary = json<Summary>(join(dir, 'summary.json'))
    // 60 events at BATCH 1 = 60 iterations, split over the two segments, none lost or doubled.
    expect(results[0]!.iterationsCompleted + results[1]!.iterationsCompleted).toBe(60)
    expect(summary.metrics.iterations!.values.count).toBe(60)
    expect(summary.pipeline.in_mongo).toBe(summary.pipeline.in_kafka)
    expect(summary.verification?.passed).toBe(true)
  })

  it('--engine k6-operator --apply: applies the TestRun with kubectl, waits for it, then tails, drains, verifies', async () => {
    // No Kubernetes cluster can exist here: fixtures/fake-kubectl.mjs STANDS IN for kubectl and a
    // cluster running the k6-operator. On `apply` of the TestRun it runs `parallelism` node-engine
    // runners on the ConfigMap's bundle with the args and execution segments the operator gives
    // them and reports the operator's stages through `get testrun -o json`. Postgres, Kafka, the
    // processor and FerretDB are the real local stack.
    using t = tempDir()
    using cluster = tempDir('eventload-fake-cluster-')
    const runId = `it-k6op-${Date.now()}`
    const token = randomBytes(12).toString('hex')
    const env = { KUBECTL: join(ROOT, 'test/orchestrator/fixtures/fake-kubectl.mjs'), FAKE_KUBECTL_STATE: cluster.dir }
    const r = await scenario(['smoke', '--engine', 'k6-operator', '--apply', '--workers', '2', '-e', `API_TOKEN=${token}`, '--run-id', runId, '--report-dir', t.dir], env)
    expect(r.exitCode, r.stderr).toBe(0)
    for (const phase of ['preflight', 'build', 'tail', 'probe', 'load', 'drain', 'verify', 'report']) expect(r.stderr).toMatch(new RegExp(`✓ ${phase}\\b`))
    expect(r.stderr).toMatch(/✓ load .*engine metrics .* stay in the cluster/)
    const summary = json<Summary>(join(t.dir, runId, 'summary.json'))
    expect(summary.eventload).toMatchObject({ status: 'passed', exit_code: 0 })
    expect(summary.verification?.passed).toBe(true)
    // smoke writes 10 events plus the catalogue; all of them went through Kafka into MongoDB.
    expect(summary.pipeline.events_written).toBeGreaterThanOrEqual(10)
    expect(summary.pipeline.in_kafka).toBe(summary.pipeline.events_written)
    expect(summary.pipeline.in_mongo).toBe(summary.pipeline.events_written)
    expect(summary.pipeline.drain?.drained).toBe(true)

    // What kubectl was asked: the Secret on stdin only, then the rendered ConfigMap and TestRun.
    const calls = readFileSync(join(cluster.dir, 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; stdin?: string })
    const applied = calls.filter((c) => c.argv[0] === 'apply').map((c) => c.argv.at(-1))
    expect(applied).toEqual(['-', join(t.dir, runId, 'k6-operator/configmap.yaml'), join(t.dir, runId, 'k6-operator/testrun.yaml')])
    expect(calls.find((c) => c.argv[0] === 'apply')!.stdin).toContain(token)
    expect(calls.some((c) => c.argv.join(' ').includes(token))).toBe(false)
    expect(calls.some((c) => c.argv.slice(0, 2).join(' ') === 'get testrun')).toBe(true)
    expect(calls.at(-1)!.argv.slice(0, 2)).toEqual(['delete', 'secret'])
    // Two runners, each with its execution segment and the Secret's value in its environment.
    const pods = readdirSync(join(cluster.dir, 'pods')).filter((f) => f.endsWith('.json')).map((f) => json<{ spec: { containers: { command: string[]; envNames: string[] }[] }; status: { containerStatuses: { state: { terminated?: { exitCode: number } } }[] } }>(join(cluster.dir, 'pods', f)))
    expect(pods.map((p) => p.spec.containers[0]!.command.find((a) => a.startsWith('--execution-segment='))).sort()).toEqual(['--execution-segment=0:1/2', '--execution-segment=1/2:1'])
    for (const p of pods) {
      expect(p.spec.containers[0]!.envNames).toContain('API_TOKEN')
      expect(p.status.containerStatuses[0]!.state.terminated?.exitCode).toBe(0)
    }
    // The credential is in no report, log or rendered manifest.
    expect(`${r.stdout}${r.stderr}`).not.toContain(token)
    const files = readdirSync(join(t.dir, runId), { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(t.dir, runId, f)).isFile())
    expect(files).toEqual(expect.arrayContaining(['summary.json', 'report.html', 'k6-operator/testrun.yaml']))
    for (const f of files) expect(readFileSync(join(t.dir, runId, f), 'utf8'), f).not.toContain(token)
  })

  it('a second Ctrl-C stops at once and still writes what the run has', async () => {
    using t = tempDir()
    const runId = `it-int2-${Date.now()}`
    const { r } = await interruptedStress(runId, t.dir, [3000, 3300])
    expect(r.exitCode, r.stderr).toBe(105)
    expect(r.stderr).toContain('SIGINT again: stopping now and writing what the run has')
    expect(r.stderr).toMatch(/- verify\s+skipped\s+stopped by a second interrupt/)
    const summary = json<Summary>(join(t.dir, runId, 'summary.json'))
    expect(summary.eventload).toMatchObject({ status: 'aborted', exit_code: 105, interrupted: true })
    expect(summary.pipeline.events_written).toBeGreaterThan(0)
    for (const f of ['metrics.json', 'junit.xml', 'report.html']) expect(existsSync(join(t.dir, runId, f)), f).toBe(true)
  })
})
