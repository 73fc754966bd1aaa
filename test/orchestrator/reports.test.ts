// Report writers: JUnit has one testcase per threshold and per verification check (failures
// marked), the HTML is self-contained (no script, no external URL), summary.json keeps the
// engine's handleSummary data and validates against its documented JSON Schema, and nothing
// that looks like a credential is written.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { reportHtml } from '../../orchestrator/reports/html.ts'
import { junitXml } from '../../orchestrator/reports/junit.ts'
import { metricsJson } from '../../orchestrator/reports/metrics-json.ts'
import { summaryJson } from '../../orchestrator/reports/summary-json.ts'
import { writeReports } from '../../orchestrator/reports/write.ts'
import { fixtureReport } from './report-fixture.ts'
import { tempDir } from './helpers.ts'

const SCHEMA_DIR = join(import.meta.dirname, '../../orchestrator/reports/schema')

describe('junit.xml', () => {
  it('has one testcase per threshold expression and per verification check', () => {
    const xml = junitXml(fixtureReport({ thresholdOk: false, verified: false }))
    const cases = [...xml.matchAll(/<testcase classname="(\w+)" name="([^"]+)">/g)].map((m) => `${m[1]}/${m[2]}`)
    expect(cases).toEqual([
      'thresholds/insert_duration: p(50)&lt;30',
      'thresholds/insert_duration: p(95)&lt;100',
      'thresholds/insert_errors: rate&lt;0.001',
      'verification/drain',
      'verification/completeness',
      'verification/duplicates',
      'verification/content',
    ])
    // The failed threshold and the failed check carry <failure>.
    expect(xml).toMatch(/name="insert_duration: p\(50\)&lt;30">\s*<failure message="threshold crossed \(p\(50\)=3.1\)"/)
    expect(xml).toMatch(/name="completeness">\s*<failure message="missing 2"/)
    expect(xml).toMatch(/<testsuites [^>]*tests="7" failures="2"/)
  })
})

describe('report.html', () => {
  it('is self-contained: no script, no external resource, charts as inline SVG', () => {
    const html = reportHtml(fixtureReport())
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/(src|href)=["']?https?:/i)
    expect(html).toContain("default-src 'none'")
    for (const id of ['chart-throughput', 'chart-latency', 'chart-hist-insert', 'chart-hist-endToEnd']) expect(html).toContain(`id="${id}"`)
    expect((html.match(/<path class="series"/g) ?? []).length).toBeGreaterThanOrEqual(6)
    expect(html).toContain('<table id="types">')
    expect(html).toContain('order_placed')
  })
})

describe('summary.json and metrics.json', () => {
  it('keep the engine summary data and add the pipeline, valid against the documented schemas', () => {
    const r = fixtureReport()
    const summary = summaryJson(r)
    expect(summary.metrics).toBe(r.engineResult.summary!.metrics)
    expect(summary.pipeline.in_mongo).toBe(240)
    const ajv = new Ajv({ allErrors: true, strict: false })
    const validSummary = ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'summary.schema.json'), 'utf8')) as object)
    expect(validSummary(JSON.parse(JSON.stringify(summary))), JSON.stringify(validSummary.errors)).toBe(true)
    const metrics = metricsJson(r)
    expect(metrics.throughput).toMatchObject({ events_written: 240, target: 20, peak: 20 })
    expect(metrics.event_types.reduce((a, t) => a + t.count, 0)).toBe(240)
    expect(metrics.event_types.reduce((a, t) => a + t.percent, 0)).toBeCloseTo(100, 1)
    const validMetrics = ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'metrics.schema.json'), 'utf8')) as object)
    expect(validMetrics(JSON.parse(JSON.stringify(metrics))), JSON.stringify(validMetrics.errors)).toBe(true)
  })

  it('never writes a password, even one that slipped into the config', () => {
    using t = tempDir()
    writeReports(fixtureReport({ secretInConfig: 'postgres://admin:hunter2@db.example:5432/app' }), t.dir)
    for (const f of ['summary.json', 'metrics.json', 'junit.xml', 'report.html']) {
      expect(readFileSync(join(t.dir, f), 'utf8'), f).not.toContain('hunter2')
    }
  })
})
