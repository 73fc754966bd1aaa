// The k6 engine against a STAND-IN for the k6 binary (fixtures/fake-k6.mjs): no k6 binary can be
// had on these machines, so the stand-in records its argv and replays a fixture written in k6's
// documented `--out json` format (k6-semantics.md §6.1) and a --summary-export file. What is
// tested is our side: the command line, parsing the stream while it runs, the summary, exit codes.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EngineSample } from '../../orchestrator/engines/engine.ts'
import { k6Engine } from '../../orchestrator/engines/k6.ts'
import { FIXTURES, tempDir, testConfig } from './helpers.ts'

const FAKE_K6 = join(FIXTURES, 'fake-k6.mjs')
const FIXTURE = join(FIXTURES, 'k6-output.ndjson')

function spec(dir: string, extra: Record<string, unknown> = {}) {
  const bundle = join(dir, 'stress.js')
  writeFileSync(bundle, 'import sql from "k6/x/sql";\nimport driver from "k6/x/sql/driver/postgres";\nimport { Writer } from "k6/x/kafka";\nexport default function () {}\n')
  const config = testConfig({ scenario: 'stress', engine: 'k6', k6Binary: FAKE_K6, runId: 'run-fixture', ...extra })
  return { config, bundle, env: { RUN_ID: 'run-fixture', RATE: '50' }, tags: { run_id: 'run-fixture', testid: 'run-fixture' }, runDir: dir }
}

function collect() {
  const samples: EngineSample[] = []
  const logs: string[] = []
  return { samples, logs, listener: { samples: (b: readonly EngineSample[]) => samples.push(...b), log: (l: string) => logs.push(l) } }
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('k6 engine (stand-in binary)', () => {
  it('preflight passes when `k6 version` lists every extension the bundle imports', async () => {
    using t = tempDir()
    expect(await k6Engine.preflight(spec(t.dir))).toEqual([])
  })

  it('preflight names the missing extension and the fix', async () => {
    using t = tempDir()
    vi.stubEnv('FAKE_K6_EXTENSIONS', 'k6/x/sql,k6/x/sql/driver/postgres')
    const problems = await k6Engine.preflight(spec(t.dir))
    expect(problems).toHaveLength(1)
    expect(problems[0]!.problem).toContain('k6/x/kafka')
    expect(problems[0]!.fix).toContain('github.com/mostafa/xk6-kafka/v2')
    expect(problems[0]!.fix).toContain('K6_BINARY')
  })

  it('preflight reports a binary that does not exist', async () => {
    using t = tempDir()
    const problems = await k6Engine.preflight(spec(t.dir, { k6Binary: join(t.dir, 'no-such-k6') }))
    expect(problems[0]!.problem).toBe('not found')
  })

  it('runs k6 with the documented flags and streams the JSON output into samples', async () => {
    using t = tempDir()
    const argvFile = join(t.dir, 'argv.jsonl')
    vi.stubEnv('FAKE_K6_ARGV_FILE', argvFile)
    vi.stubEnv('FAKE_K6_FIXTURE', FIXTURE)
    vi.stubEnv('FAKE_K6_SUMMARY', join(FIXTURES, 'k6-summary-export.json'))
    const s = spec(t.dir, { out: ['csv=out.csv'] })
    const c = collect()
    const result = await k6Engine.start(s, c.listener).done

    const argv = JSON.parse(readFileSync(argvFile, 'utf8').trim()) as string[]
    expect(argv[0]).toBe('run')
    expect(argv.at(-1)).toBe(s.bundle)
    expect(argv).toEqual(expect.arrayContaining(['-e', 'RUN_ID=run-fixture', '-e', 'RATE=50', '--tag', 'testid=run-fixture', '--out', 'csv=out.csv']))
    expect(argv).toContain(`json=${join(t.dir, 'k6-samples.json')}`)
    expect(argv).toContain(`--summary-export=${join(t.dir, 'k6-summary-export.json')}`)

    // Every Point line of the fixture becomes one sample, with k6's fields.
    const points = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.includes('"type":"Point"'))
    expect(c.samples).toHaveLength(points.length)
    const first = JSON.parse(points[1]!) as { metric: string; data: { time: string; value: number; tags: Record<string, string> } }
    expect(c.samples[1]).toEqual({ metric: first.metric, type: 'trend', contains: 'time', time: Date.parse(first.data.time), value: first.data.value, tags: first.data.tags })
    expect(c.samples.filter((x) => x.metric === 'events_written').reduce((a, x) => a + x.value, 0)).toBe(12)

    expect(result.exitCode).toBe(0)
    expect(result.summary?.metrics.insert_duration).toMatchObject({ type: 'trend', contains: 'time', values: { 'p(95)': 5.1125 } })
    // --summary-export says `false` for a threshold that passed (inverted, grafana/k6#1498).
    expect(result.summary?.metrics.insert_duration?.thresholds?.['p(95)<100']).toEqual({ ok: true })
    expect(result.summary?.metrics.insert_errors?.values).toMatchObject({ rate: 0, passes: 0, fails: 12 })
    expect(result.summaryText).toContain('THRESHOLDS')
    expect(c.logs.some((l) => l.includes('fixture error line'))).toBe(true)
  })

  it('passes k6 exit code 99 through and marks the failed threshold', async () => {
    using t = tempDir()
    vi.stubEnv('FAKE_K6_FIXTURE', FIXTURE)
    vi.stubEnv('FAKE_K6_SUMMARY', join(FIXTURES, 'k6-summary-export-failing.json'))
    vi.stubEnv('FAKE_K6_EXIT', '99')
    const result = await k6Engine.start(spec(t.dir), collect().listener).done
    expect(result.exitCode).toBe(99)
    expect(result.summary?.metrics.insert_duration?.thresholds?.['p(50)<30']).toEqual({ ok: false })
  })

  it('stop() sends k6 a graceful SIGINT; the run ends with what k6 reported', async () => {
    using t = tempDir()
    vi.stubEnv('FAKE_K6_FIXTURE', FIXTURE)
    vi.stubEnv('FAKE_K6_LINE_DELAY_MS', '200')
    const c = collect()
    const run = k6Engine.start(spec(t.dir), c.listener)
    setTimeout(() => run.stop(), 1000)
    const result = await run.done
    expect(result.exitCode).toBe(105)
    const total = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.includes('"type":"Point"')).length
    expect(c.samples.length).toBeGreaterThan(0)
    expect(c.samples.length).toBeLessThan(total)
  })
})
