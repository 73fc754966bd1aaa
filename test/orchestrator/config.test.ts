// Run config validation: every problem reported at once, each naming where it came from.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRunConfig } from '../../orchestrator/config/load.ts'
import { ConfigError } from '../../orchestrator/errors.ts'
import { EXIT } from '../../orchestrator/exit-codes.ts'
import { flags } from './helpers.ts'

const SCENARIOS = ['smoke', 'stress']

function issuesOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).code).toBe(EXIT.BAD_CONFIG)
    return (err as ConfigError).issues
  }
  throw new Error('expected a ConfigError')
}

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'eventload-cfg-'))
  try {
    return fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('run config', () => {
  it('applies defaults and generates a run id', () => {
    const c = inTempDir((cwd) => loadRunConfig({ flags: flags({ scenario: 'smoke' }), env: {}, cwd, scenarios: SCENARIOS }))
    expect(c).toMatchObject({ scenario: 'smoke', engine: 'node', workers: 1, verify: true, drainTimeout: 30_000, reportDir: 'reports' })
    expect(c.runId).toMatch(/^run-\d{8}T\d{6}-[0-9a-f]{6}$/)
  })

  it('reports every bad flag at once, each with the flag name and the value it got', () => {
    const issues = inTempDir((cwd) =>
      issuesOf(() =>
        loadRunConfig({
          flags: flags({ scenario: 'smoke', rate: 'fast', workers: '0', engine: 'jmeter', drainTimeout: 'soon', env: ['RATE=5', 'bad key=1'], out: ['influx2=x'] }),
          env: {},
          cwd,
          scenarios: SCENARIOS,
        }),
      ),
    )
    expect(issues).toHaveLength(6)
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--rate: expected a number \(got "fast"\)$/),
        expect.stringMatching(/^--workers: .*>= 1/),
        expect.stringMatching(/^--engine: expected one of node, k6, docker, k6-operator \(got "jmeter"\)$/),
        expect.stringMatching(/^--drainTimeout: expected a duration/),
        expect.stringMatching(/^--env\[1\]: expected -e as KEY=VALUE/),
        expect.stringMatching(/^--out\[0\]: expected one of json, csv/),
      ]),
    )
  })

  it('names the valid scenarios when the name is unknown', () => {
    const issues = inTempDir((cwd) => issuesOf(() => loadRunConfig({ flags: flags({ scenario: 'strees' }), env: {}, cwd, scenarios: SCENARIOS })))
    expect(issues).toEqual(['--scenario: unknown scenario "strees"; valid scenarios: smoke, stress'])
  })

  it('labels env vars and config-file settings by where they came from; flags win', () => {
    const issues = inTempDir((cwd) => {
      writeFileSync(join(cwd, 'eventload.config.json'), JSON.stringify({ run: { workers: 'many', colour: 'blue' } }))
      return issuesOf(() => loadRunConfig({ flags: flags({ scenario: 'smoke' }), env: { EVENTLOAD_ENGINE: 'k7' }, cwd, scenarios: SCENARIOS }))
    })
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^EVENTLOAD_ENGINE: expected one of/),
        expect.stringMatching(/eventload\.config\.json: run\.workers: expected a whole number/),
        expect.stringMatching(/eventload\.config\.json: run\.colour: unknown setting/),
      ]),
    )
    const c = inTempDir((cwd) => {
      writeFileSync(join(cwd, 'eventload.config.json'), JSON.stringify({ run: { workers: 2, drainTimeout: '5s' } }))
      return loadRunConfig({ flags: flags({ scenario: 'smoke', workers: '3' }), env: { EVENTLOAD_DRAIN_TIMEOUT: '10s' }, cwd, scenarios: SCENARIOS })
    })
    expect(c.workers).toBe(3)
    expect(c.drainTimeout).toBe(10_000)
  })

  it('checks rules across settings', () => {
    const issues = inTempDir((cwd) =>
      issuesOf(() => loadRunConfig({ flags: flags({ scenario: 'smoke', engine: 'k6', workers: '2', rate: '10', duration: '10s', events: '100' }), env: {}, cwd, scenarios: SCENARIOS })),
    )
    expect(issues).toEqual([expect.stringMatching(/^--workers: --workers needs --engine node or k6-operator/), expect.stringMatching(/^--events: give at most two of --rate, --duration and --events/)])
  })

  it('parses -e and --tag into maps', () => {
    const c = inTempDir((cwd) => loadRunConfig({ flags: flags({ scenario: 'smoke', env: ['A=1', 'B=x=y'], tag: ['team=data'] }), env: {}, cwd, scenarios: SCENARIOS }))
    expect(c.env).toEqual({ A: '1', B: 'x=y' })
    expect(c.tag).toEqual({ team: 'data' })
  })
})
