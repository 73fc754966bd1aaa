// Lifecycle rules from k6's test-lifecycle docs (semantics §2, pitfalls 6-8, 13).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SummaryData } from '../../engine/index.ts'
import { tempDir } from './support/bundle.ts'
import { runFixture } from './support/run.ts'

describe('test lifecycle', () => {
  it('runs init once per VU plus once each for options, setup, teardown and handleSummary', async () => {
    const r = await runFixture('lifecycle')
    expect(r.result.exitCode).toBe(0)
    const inits = r.console().filter((l) => l.startsWith('init '))
    // 2 VUs + options + setup + teardown + handleSummary = 6.
    expect(inits).toHaveLength(6)
    expect(inits.filter((l) => l.startsWith('init vu=0'))).toHaveLength(4)
    expect(inits.filter((l) => l.startsWith('init vu=1'))).toHaveLength(1)
    expect(inits.filter((l) => l.startsWith('init vu=2'))).toHaveLength(1)
  })

  it('hides scenario env from init code and shows it (and scenario tags) in iterations', async () => {
    const r = await runFixture('lifecycle')
    expect(r.console().filter((l) => l.startsWith('init ')).every((l) => l.endsWith('scen=none'))).toBe(true)
    const iters = r.console().filter((l) => l.startsWith('iter '))
    expect(iters).toHaveLength(4)
    expect(iters.every((l) => l.includes('scen=yes') && l.includes('tag=qa'))).toBe(true)
  })

  it('JSON round-trips setup data, parses it once per VU, and gives teardown a fresh copy', async () => {
    const r = await runFixture('lifecycle')
    const iters = r.console().filter((l) => l.startsWith('iter '))
    // Each VU sees its own mutations on its 2nd iteration (seen=2), never the other VU's.
    for (const vu of ['1', '2']) {
      const mine = iters.filter((l) => l.startsWith(`iter vu=${vu} `))
      expect(mine.map((l) => /seen=(\d+)/.exec(l)![1])).toEqual(['1', '2'])
      expect(mine.map((l) => /iter=(\d+)/.exec(l)![1])).toEqual(['0', '1'])
    }
    // Date became a string, the function was dropped.
    expect(iters.every((l) => l.includes('when=string') && l.includes('fn=undefined'))).toBe(true)
    expect(r.console()).toContain('teardown list=0 when=1970-01-01T00:00:00.000Z')
  })

  it('writes what handleSummary returns, with k6 legacy data including setup_data', async () => {
    const file = join(tempDir, 'handle-summary.json')
    const r = await runFixture('lifecycle', { env: { SUMMARY_FILE: file } })
    expect(r.stdout).toBe('custom summary\n')
    const data = JSON.parse(readFileSync(file, 'utf8')) as SummaryData
    expect(Object.keys(data).sort()).toEqual(['metrics', 'options', 'root_group', 'setup_data', 'state'])
    expect(data.setup_data).toEqual({ list: [], when: '1970-01-01T00:00:00.000Z' })
    expect(data.root_group).toMatchObject({ name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e' })
    expect(data.options.summaryTrendStats).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'])
    expect(data.metrics.iterations).toMatchObject({ type: 'counter', contains: 'default', values: { count: 4 } })
    expect(Object.keys(data.metrics.iteration_duration!.values)).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'])
    expect(data.state.testRunDurationMs).toBeGreaterThan(0)
  })

  it('prints the default summary when handleSummary returns undefined', async () => {
    const r = await runFixture('lifecycle')
    expect(r.stdout).toContain('█ TOTAL RESULTS')
    expect(r.stdout).toMatch(/iterations\.+: 4 /)
  })
})

describe('VU reuse across scenarios', () => {
  it('keeps the VU and its JS state; init is not re-run', async () => {
    const options = {
      scenarios: {
        // The first scenario's plan ends (maxDuration + gracefulStop) when the second starts.
        first: { executor: 'shared-iterations', vus: 1, iterations: 2, maxDuration: '1s', gracefulStop: '0s' },
        second: { executor: 'shared-iterations', vus: 1, iterations: 2, startTime: '1s', exec: 'other' },
      },
    }
    const r = await runFixture('configurable', { env: { OPTIONS: JSON.stringify(options) } })
    // One VU serves both scenarios (the plan peaks at 1), so vus_max is 1.
    expect(r.result.vusMax).toBe(1)
    const kinds = r.of('started').map((s) => `${s.tags.kind}:${s.tags.vu_id}:${s.tags.scenario}`)
    expect(kinds).toEqual(['default:1:first', 'default:1:first', 'other:1:second', 'other:1:second'])
  })
})
