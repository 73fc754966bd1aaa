// --out json / --out csv / --summary-export in the formats k6 documents (semantics §6.1, §6.2,
// §2.4; pitfall 19: vu/iter are metadata, never tags).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './support/bundle.ts'

/** A line of k6's JSON output, loosely typed: the tests check the field names themselves. */
interface JsonLine {
  type: string
  metric: string
  data: Record<string, unknown> & { time?: string; tags: Record<string, string>; metadata?: Record<string, string> }
}

interface ExportFile {
  metrics: Record<string, Record<string, unknown>>
  root_group: {
    checks: Record<string, Record<string, unknown>>
    groups: Record<string, { groups: Record<string, { checks: Record<string, { passes: number }> }> }>
  }
}
import { runFixture } from './support/run.ts'

const OPTIONS = JSON.stringify({ iterations: 3, thresholds: { 'iteration_duration{scenario:default}': ['p(95)<5000'], checks: [{ threshold: 'rate>0', abortOnFail: true, delayAbortEval: '10s' }] } })

describe('--out json', () => {
  it('writes a Metric line before the first Point of each metric, with k6 field names', async () => {
    const file = join(tempDir, 'out.json')
    const r = await runFixture('configurable', { env: { OPTIONS }, cli: { out: [`json=${file}`], tags: { testid: 't1' } } })
    expect(r.result.exitCode).toBe(0)
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JsonLine)
    const seen = new Set<string>()
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['data', 'metric', 'type'])
      if (l.type === 'Metric') {
        expect(Object.keys(l.data).sort()).toEqual(['contains', 'name', 'submetrics', 'thresholds', 'type'])
        seen.add(l.metric)
      } else {
        expect(l.type).toBe('Point')
        expect(seen.has(l.metric)).toBe(true)
        expect(Object.keys(l.data).sort()).toEqual(['tags', 'time', 'value'])
        expect(l.data.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/)
        expect(l.data.tags.testid).toBe('t1')
      }
    }
    const duration = lines.find((l) => l.type === 'Metric' && l.metric === 'iteration_duration')!
    expect(duration.data).toMatchObject({
      type: 'trend',
      contains: 'time',
      thresholds: ['p(95)<5000'],
      submetrics: [{ name: 'iteration_duration{scenario:default}', suffix: 'scenario:default', tags: { scenario: 'default' } }],
    })
    const iterations = lines.find((l) => l.type === 'Metric' && l.metric === 'iterations')!
    expect(iterations.data).toMatchObject({ type: 'counter', contains: 'default', thresholds: [], submetrics: null })
    expect(lines.filter((l) => l.type === 'Point' && l.metric === 'iterations')).toHaveLength(3)
  })

  it('puts vu/iter into metadata when enabled, never into tags', async () => {
    const file = join(tempDir, 'meta.json')
    await runFixture('configurable', { env: { OPTIONS: JSON.stringify({ iterations: 2 }) }, cli: { out: [`json=${file}`], systemTags: ['scenario', 'group', 'vu', 'iter'] } })
    const points = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JsonLine).filter((l) => l.type === 'Point' && l.metric === 'iterations')
    expect(points.map((p) => p.data.metadata)).toEqual([{ vu: '1', iter: '0' }, { vu: '1', iter: '1' }])
    expect(points.every((p) => !('vu' in p.data.tags) && !('iter' in p.data.tags))).toBe(true)
  })
})

describe('--out csv', () => {
  it('writes k6 header: enabled indexable system tags sorted, then extra_tags and metadata', async () => {
    const file = join(tempDir, 'out.csv')
    await runFixture('configurable', { env: { OPTIONS: JSON.stringify({ iterations: 2 }) }, cli: { out: [`csv=${file}`], tags: { testid: 't2' } } })
    const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\n')
    expect(head).toBe(
      'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata',
    )
    const iter = rows.find((r) => r.startsWith('iterations,'))!.split(',')
    expect(iter[2]).toBe('1.000000')
    expect(iter[1]).toMatch(/^\d{10}$/)
    expect(iter[11]).toBe('default')
    expect(iter.at(-2)).toBe('testid=t2')
  })
})

describe('--summary-export', () => {
  it('writes the older shape: flat values, rate -> value, thresholds {expr: failed}', async () => {
    const file = join(tempDir, 'export.json')
    const r = await runFixture('checks-groups', { cli: { summaryExport: file } })
    expect(r.result.exitCode).toBe(0)
    const data = JSON.parse(readFileSync(file, 'utf8')) as ExportFile
    expect(Object.keys(data).sort()).toEqual(['metrics', 'root_group'])
    expect(data.metrics.checks).toEqual({ passes: 3, fails: 2, value: 0.6 })
    expect(Object.keys(data.metrics.iteration_duration!)).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'])
    expect(data.root_group.checks['one is two']).toMatchObject({ name: 'one is two', path: '::one is two', passes: 0, fails: 1 })
    expect(data.root_group.groups.outer!.groups.inner!.checks['inside inner']!.passes).toBe(1)
  })

  it('marks failed thresholds as true', async () => {
    const file = join(tempDir, 'export-th.json')
    await runFixture('configurable', { env: { OPTIONS: JSON.stringify({ iterations: 1, thresholds: { iterations: ['count>5'] } }) }, cli: { summaryExport: file } })
    const data = JSON.parse(readFileSync(file, 'utf8')) as ExportFile
    expect(data.metrics.iterations!.thresholds).toEqual({ 'count>5': true })
  })
})
