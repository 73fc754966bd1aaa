// A RunReport built from synthetic engine samples (a 12-second run at 20 events/s), for the
// report writers' tests and the headless-browser test. The numbers come from the samples fed
// in, through the same LoadStats the run uses. Also the dashboard's state mid-load from it.
import type { DashboardState } from '../../orchestrator/dashboard/render.ts'
import type { SummaryData } from '../../orchestrator/engines/engine.ts'
import type { RunReport } from '../../orchestrator/reports/model.ts'
import { LoadStats } from '../../orchestrator/stats/load-stats.ts'
import type { PipelineSnapshot } from '../../orchestrator/stats/pipeline.ts'
import { LatencyHistogram } from '../../orchestrator/stats/histogram.ts'

const TYPES = ['order_placed', 'customer_registered', 'payment_captured', 'shipment_dispatched']

export function fixtureReport(opts: { thresholdOk?: boolean; verified?: boolean; secretInConfig?: string } = {}): RunReport {
  const start = Date.UTC(2026, 0, 5, 10, 0, 0)
  const load = new LoadStats(20)
  const stages = { pgToKafka: new LatencyHistogram(), kafkaToMongo: new LatencyHistogram(), endToEnd: new LatencyHistogram() }
  const history: RunReport['pipelineHistory'] = []
  for (let s = 0; s < 12; s++) {
    const sec = { pgToKafka: new LatencyHistogram(), kafkaToMongo: new LatencyHistogram(), endToEnd: new LatencyHistogram() }
    for (let i = 0; i < 20; i++) {
      const time = start + s * 1000 + i * 50
      const tags = { scenario: 'stress', type: TYPES[(s + i) % TYPES.length]! }
      const insert = 1.5 + ((i * 7) % 10) * 0.4 + (s === 8 ? 6 : 0)
      load.ingest([
        { metric: 'events_written', type: 'counter', time, value: 1, tags },
        { metric: 'insert_duration', type: 'trend', time, value: insert, tags },
        { metric: 'insert_errors', type: 'rate', time, value: 0, tags },
      ])
      const p2k = 4 + (i % 5)
      const k2m = 8 + ((i * 3) % 11) + (s === 8 ? 20 : 0)
      for (const [k, v] of [['pgToKafka', p2k], ['kafkaToMongo', k2m], ['endToEnd', p2k + k2m]] as const) {
        stages[k].record(v)
        sec[k].record(v)
      }
    }
    history.push({ t: s, inKafka: (s + 1) * 20, inMongo: (s + 1) * 20, stages: Object.fromEntries(Object.entries(sec).map(([k, h]) => [k, { p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99), count: h.count }])) })
  }
  const end = start + 12_000
  load.roll(end + 1000)
  const ok = opts.thresholdOk ?? true
  const summary: SummaryData = {
    metrics: {
      insert_duration: { type: 'trend', contains: 'time', values: { avg: 3.2, 'p(50)': 3.1, 'p(95)': 5.0 }, thresholds: { 'p(50)<30': { ok }, 'p(95)<100': { ok: true } } },
      insert_errors: { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 240 }, thresholds: { 'rate<0.001': { ok: true } } },
      events_written: { type: 'counter', contains: 'default', values: { count: 240, rate: 20 } },
    },
  }
  const verified = opts.verified ?? true
  return {
    schemaVersion: 1,
    runId: 'run-20260105T100000-abcdef',
    scenario: 'stress',
    engine: 'node',
    workers: 1,
    startedAt: new Date(start - 2000).toISOString(),
    finishedAt: new Date(end + 3000).toISOString(),
    status: ok && verified ? 'passed' : 'failed',
    exitCode: !verified ? 4 : ok ? 0 : 99,
    exitMeaning: !verified ? 'verification failed' : ok ? 'all good' : 'thresholds failed',
    interrupted: false,
    manifest: {
      seed: 'seed-1',
      versions: { eventload: '0.1.0', node: 'v20' },
      host: { platform: 'linux', arch: 'x64', cpus: 2, memoryGiB: 24, node: 'v20' },
      config: { scenario: 'stress', env: { PG_URL: opts.secretInConfig ?? 'postgres://u:***@h/db' } },
      connections: ['postgres   postgres://eventload:***@127.0.0.1:5432/eventload  [local stack]'],
    },
    phases: [
      { name: 'preflight', status: 'ok', ms: 12 },
      { name: 'load', status: 'ok', ms: 12_000, detail: 'engine exit 0' },
    ],
    engineResult: { exitCode: ok ? 0 : 99, summary },
    load: load.snapshot(end),
    loadHistory: load.history,
    insertBins: load.insert.bins(),
    pipeline: { inKafka: 240, inMongo: verified ? 240 : 238, stages: { pgToKafka: stages.pgToKafka.summary(), kafkaToMongo: stages.kafkaToMongo.summary(), endToEnd: stages.endToEnd.summary() }, recent: [] },
    pipelineHistory: history,
    arrivals: history.map((h) => ({ t: h.t, inKafka: h.inKafka, inMongo: Math.max(0, h.inMongo - 10) })),
    stageBins: { pgToKafka: stages.pgToKafka.bins(), kafkaToMongo: stages.kafkaToMongo.bins(), endToEnd: stages.endToEnd.bins() },
    drain: { drained: true, waitedMs: 800, remaining: 0, reason: 'all 240 events in MongoDB after 0.8s' },
    verification: {
      passed: verified,
      checks: [
        { name: 'completeness', passed: verified, count: verified ? 0 : 2, detail: verified ? 'every committed event has a document' : 'missing 2' },
        { name: 'duplicates', passed: true, count: 0 },
        { name: 'content', passed: true, count: 0 },
      ],
    },
  }
}

/** The dashboard during the load of the fixture report (240 events written, 230 of them in Kafka). */
export function fixtureDashboardState(o: Partial<Pick<DashboardState, 'scenario' | 'workers' | 'plannedMs'>> & { pipeline?: Partial<PipelineSnapshot> } = {}): DashboardState {
  const r = fixtureReport()
  const { pipeline, ...rest } = o
  return { scenario: 'stress', runId: r.runId, engine: 'node', workers: 1, phase: 'load', load: r.load, ...rest, pipeline: { ...r.pipeline, inKafka: 230, ...pipeline } }
}
