// Options consolidation and validation (semantics §1.1, §1.9, §2.5; pitfalls 14, 15).
import { describe, expect, it } from 'vitest'
import { consolidate } from '../../engine/options/consolidate.ts'
import { parseDuration } from '../../engine/options/duration.ts'
import { envLayer, type NamedLayer } from '../../engine/options/layers.ts'
import { ExitCode } from '../../engine/index.ts'
import { runFixture } from './support/run.ts'

const layers = (script: object, env: Record<string, string> = {}, cli: object = {}): NamedLayer[] => [
  { name: 'script', options: { ...script } },
  { name: 'env', options: envLayer(env) },
  { name: 'cli', options: { ...cli } },
]
const scenarioOf = (l: NamedLayer[]) => consolidate(l).options.scenarios[0]!

describe('durations', () => {
  it('accepts Go durations, a day prefix, and bare numbers as milliseconds', () => {
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('1.5s')).toBe(1500)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('2d12h')).toBe(2.5 * 86_400_000)
    expect(parseDuration(1500)).toBe(1500)
    expect(parseDuration('1500')).toBe(1500)
    expect(() => parseDuration('10 minutes')).toThrow(/not a valid duration/)
  })
})

describe('shortcuts', () => {
  it('maps iterations / duration / stages / vus / nothing as k6 does', () => {
    expect(scenarioOf(layers({ iterations: 10, vus: 2, duration: '1m' }))).toMatchObject({ name: 'default', executor: 'shared-iterations', vus: 2, iterations: 10, maxDuration: 60_000 })
    expect(scenarioOf(layers({ duration: '10s', vus: 3 }))).toMatchObject({ executor: 'constant-vus', vus: 3, duration: 10_000 })
    expect(scenarioOf(layers({ stages: [{ duration: '5s', target: 4 }], vus: 2 }))).toMatchObject({ executor: 'ramping-vus', startVUs: 2 })
    expect(scenarioOf(layers({ vus: 5 }))).toMatchObject({ executor: 'shared-iterations', vus: 5, iterations: 5 })
    expect(scenarioOf(layers({}))).toMatchObject({ executor: 'per-vu-iterations', vus: 1, iterations: 1 })
  })

  it('rejects conflicting shortcuts inside one layer', () => {
    expect(() => consolidate(layers({ iterations: 5, stages: [{ duration: '1s', target: 1 }] }))).toThrow(/"iterations" and "stages"/)
    expect(() => consolidate(layers({ duration: '5s', scenarios: { a: { executor: 'constant-vus', duration: '5s' } } }))).toThrow(/together with "scenarios"/)
  })
})

describe('precedence: CLI > K6_* env > script', () => {
  const script = { vus: 1, duration: '10s' }
  it('env beats script, CLI beats env', () => {
    expect(scenarioOf(layers(script, { K6_VUS: '2' }))).toMatchObject({ vus: 2 })
    expect(scenarioOf(layers(script, { K6_VUS: '2' }, { vus: 3 }))).toMatchObject({ vus: 3 })
  })

  it('a higher layer duration replaces the script scenarios entirely, with a warning', () => {
    const c = consolidate(layers({ scenarios: { a: { executor: 'per-vu-iterations', vus: 7 } } }, {}, { duration: '5s' }))
    expect(c.options.scenarios).toHaveLength(1)
    expect(c.options.scenarios[0]).toMatchObject({ name: 'default', executor: 'constant-vus', vus: 1, duration: 5000 })
    expect(c.warnings.join('\n')).toMatch(/overrode the scenarios configuration entirely/)
  })

  it('a bare higher-layer vus replaces scenarios with shared-iterations (k6 >= 2.1)', () => {
    const c = consolidate(layers({ scenarios: { a: { executor: 'per-vu-iterations', vus: 7 } } }, {}, { vus: 4 }))
    expect(c.options.scenarios[0]).toMatchObject({ executor: 'shared-iterations', vus: 4, iterations: 4 })
  })

  it('-e values feed __ENV only, never options', async () => {
    const r = await runFixture('configurable', { env: { K6_VUS: '5', OPTIONS: JSON.stringify({ iterations: 1 }) } })
    expect(r.result.vusMax).toBe(1)
  })

  it('the real run applies K6_* env and the CLI layer in that order', async () => {
    const opts = { env: { OPTIONS: JSON.stringify({ vus: 1, iterations: 6 }) } }
    expect((await runFixture('configurable', { ...opts, processEnv: { K6_VUS: '2' } })).result.vusMax).toBe(2)
    expect((await runFixture('configurable', { ...opts, processEnv: { K6_VUS: '2' }, cli: { vus: 3 } })).result.vusMax).toBe(3)
  })
})

describe('strict scenario validation (exit 104)', () => {
  const bad = (scenarios: object) => () => consolidate(layers({ scenarios }))
  it('rejects unknown keys, bad names, unknown executors', () => {
    expect(bad({ a: { executor: 'constant-vus', duration: '5s', maxVUs: 3 } })).toThrow(/unknown option "maxVUs" for the constant-vus executor/)
    expect(bad({ 'bad name': { executor: 'constant-vus', duration: '5s' } })).toThrow(/must match/)
    expect(bad({ a: { executor: 'constant-vu', duration: '5s' } })).toThrow(/executor must be one of/)
    expect(bad({ a: { executor: 'externally-controlled', duration: '5s' } })).toThrow(/removed in k6 v2\.0/)
  })

  it('rejects iterations < vus (shared), durations under 1s, maxVUs < preAllocatedVUs', () => {
    expect(bad({ a: { executor: 'shared-iterations', vus: 5, iterations: 2 } })).toThrow(/can't be less than the number of VUs/)
    expect(bad({ a: { executor: 'constant-vus', duration: '500ms' } })).toThrow(/at least 1s/)
    expect(bad({ a: { executor: 'constant-vus', duration: 900 } })).toThrow(/at least 1s/)
    expect(bad({ a: { executor: 'constant-arrival-rate', rate: 1, duration: '5s', preAllocatedVUs: 5, maxVUs: 2 } })).toThrow(/maxVUs \(2\) must be at least preAllocatedVUs \(5\)/)
    expect(bad({ a: { executor: 'constant-arrival-rate', duration: '5s', preAllocatedVUs: 1 } })).toThrow(/rate is required/)
  })

  it('ends the run with 104 and names the problem', async () => {
    const r = await runFixture('configurable', { env: { OPTIONS: JSON.stringify({ scenarios: { a: { executor: 'constant-vus', duration: '5s', rate: 1 } } }) } })
    expect(r.result.exitCode).toBe(ExitCode.INVALID_CONFIG)
    expect(r.result.error).toMatch(/unknown option "rate"/)
  })

  it('104 when exec names a function the script does not export', async () => {
    const r = await runFixture('configurable', { env: { OPTIONS: JSON.stringify({ scenarios: { a: { executor: 'per-vu-iterations', exec: 'nope' } } }) } })
    expect(r.result.exitCode).toBe(ExitCode.INVALID_CONFIG)
    expect(r.result.error).toMatch(/does not export a function named "nope"/)
  })
})
