// The run dashboard queries only series that eventload really pushes: k6_* names as the
// remote-write output forms them from the scenarios' and the engine's metrics (k6's naming:
// counter _total, rate _rate, trend _<stat> with the default p(99)), and the pipeline gauges.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pipelineSeries } from '../../orchestrator/outputs/pipeline-series.ts'
import { PrometheusRemoteWrite } from '../../orchestrator/outputs/prometheus-rw.ts'
import type { EngineSample } from '../../orchestrator/engines/engine.ts'

const dashboard = JSON.parse(readFileSync(join(import.meta.dirname, '../../stack/grafana/dashboards/eventload-run.json'), 'utf8')) as {
  templating: { list: { name: string }[] }
  panels: { targets: { expr: string }[] }[]
}

describe('grafana run dashboard', () => {
  it('queries series the remote-write output produces, filtered by the testid variable', () => {
    const pct = { count: 1, min: 1, max: 1, avg: 1, p50: 1, p90: 1, p95: 1, p99: 1, p999: 1 }
    const pipeline = pipelineSeries({ written: 1, pipeline: { inKafka: 1, inMongo: 1, stages: { pgToKafka: pct, kafkaToMongo: pct, endToEnd: pct }, recent: [], mongoCoverage: { unchecked: 1, estimate: 1, lookupsPerSec: 1 } } }, {}, 0)
    // One sample of each metric the stress scenario and the engine emit, as the engine reports them.
    const metrics: [string, EngineSample['type'], boolean][] = [
      ['events_written', 'counter', false], ['insert_duration', 'trend', true], ['insert_errors', 'rate', false], ['target_rate', 'gauge', false],
      ['iteration_start_lag', 'trend', true], ['dropped_iterations', 'counter', false], ['vus', 'gauge', false], ['vus_max', 'gauge', false],
    ]
    const rw = new PrometheusRemoteWrite({ url: 'http://unused', pushIntervalMs: 1000, trendStats: ['p(99)'] })
    rw.add(metrics.map(([metric, type, time]) => ({ metric, type, ...(time ? { contains: 'time' as const } : {}), time: 0, value: 1, tags: {} })))
    const produced = new Set([...pipeline, ...rw.collect()].map((s) => s.labels.__name__))
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))
    expect(exprs.length).toBeGreaterThan(5)
    for (const expr of exprs) {
      for (const name of expr.match(/\b(?:k6|eventload)_[a-z0-9_]+/g) ?? []) expect(produced, `${name} in "${expr}"`).toContain(name)
      expect(expr).toContain('testid=~"$testid"')
    }
    expect(dashboard.templating.list.map((v) => v.name)).toContain('testid')
  })
})
