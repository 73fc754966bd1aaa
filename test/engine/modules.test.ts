// The built-in modules (semantics §2.7, §3.1, §3.6, §8) and module resolution.
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ExitCode } from '../../engine/index.ts'
import { runFixture } from './support/run.ts'

describe('built-in modules', async () => {
  const r = await runFixture('modules')
  const line = (label: string) => r.console().find((l) => l.startsWith(`${label}: `))?.slice(label.length + 2)

  it('k6/metrics: declaration rules, redeclaration, names, values', () => {
    expect(line('init redeclare other type')).toMatch(/^error metric "my_counter" already exists as a counter/)
    expect(line('init bad name')).toMatch(/^error invalid metric name/)
    expect(line('metric in vu code')).toMatch(/^error .*init context/)
    expect(line('init add')).toMatch(/^error .*init context/)
    expect(line('same metric object')).toBe('ok true')
    expect(line('add NaN')).toBe('ok false')
    expect(r.logs.some((l) => l.startsWith('WARN') && l.includes('my_counter: null is not a number'))).toBe(true)
    expect(line('add bool')).toBe('ok true')
    expect(r.of('my_rate').map((s) => s.value)).toEqual([1, 0])
    expect(r.of('my_trend')[0]!.value).toBe(12)
    expect(r.result.summary!.metrics.my_trend!.contains).toBe('time')
  })

  it('k6/crypto and k6/encoding match the standard algorithms', () => {
    expect(line('md5')).toBe(`ok ${createHash('md5').update('hello').digest('hex')}`)
    expect(line('sha256 b64')).toBe(`ok ${createHash('sha256').update('hello').digest('base64')}`)
    expect(line('hmac')).toBe(`ok ${createHmac('sha256', 'key').update('data').digest('hex')}`)
    expect(line('hasher')).toBe(`ok ${createHash('sha1').update('hello').digest('hex')}`)
    expect(line('b64 std')).toBe('ok aGVsbG8/')
    expect(line('b64 rawurl')).toBe('ok aGVsbG8_')
    expect(line('b64 decode')).toBe('ok hello')
    expect(line('uuid')).toBe('ok true')
  })

  it('k6/data SharedArray is shared read-only data', () => {
    expect(line('shared')).toBe('ok 2 bob')
    expect(line('shared frozen')).toMatch(/^error /)
  })

  it('randomSeed makes Math.random deterministic per VU', () => {
    expect(line('seeded')).toBe('ok true')
  })

  it('k6/execution views and context rules', () => {
    expect(line('init exec.vu')).toMatch(/^error .*not available in the init context/)
    expect(line('exec')).toBe('ok 1 default shared-iterations 0 1')
    expect(line('options')).toBe('ok "shared-iterations"')
    expect(line('teardown exec.scenario')).toMatch(/^error .*only available while a scenario runs/)
    expect(line('teardown exec.vu.idInTest')).toBe('ok 0')
    expect(r.of('my_counter').at(-1)!.tags.custom).toBe('c1')
  })

  it('k6/timers keeps the iteration open until the timer fired', () => {
    expect(line('timer done')).toBe('ok true')
    expect(r.result.exitCode).toBe(0)
  })
})

describe('module resolution', () => {
  it('a module the engine does not provide is a clear script error naming the supported ones', async () => {
    const r = await runFixture('unknown-module')
    expect(r.result.exitCode).toBe(ExitCode.SCRIPT_EXCEPTION)
    expect(r.result.error).toMatch(/does not provide "k6\/http" \(it provides k6, k6\/metrics, .*k6\/x\/sql.*\); run this script with a k6 binary instead/)
  })
})

describe('jslib k6-summary', () => {
  it('provides textSummary and jUnit for handleSummary', async () => {
    const { tempDir } = await import('./support/bundle.ts')
    const { readFileSync } = await import('node:fs')
    const file = `${tempDir}/junit.xml`
    const r = await runFixture('jslib-summary', { env: { JUNIT_FILE: file } })
    expect(r.result.exitCode).toBe(ExitCode.THRESHOLDS_FAILED)
    expect(r.stdout).toContain('█ THRESHOLDS')
    expect(r.stdout).toMatch(/iterations\.+: 2 /)
    const junit = readFileSync(file, 'utf8')
    expect(junit).toContain('<testsuites tests="2" failures="1">')
    expect(junit).toContain('<testcase name="iterations - count&gt;5"><failure message="failed" /></testcase>')
  })
})
