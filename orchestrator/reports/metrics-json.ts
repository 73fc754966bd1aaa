// metrics.json: the run's headline numbers in plain names (throughput, error rate, latency
// stats per stage, per-type mix), schema in reports/schema/metrics.schema.json.
import type { Percentiles } from '../stats/histogram.ts'
import { STAGES } from '../stats/pipeline.ts'
import type { RunReport } from './model.ts'
import { REPORT_SCHEMA_VERSION } from './model.ts'

export function latencyStats(p: Percentiles | undefined) {
  return p ? { count: p.count, min: p.min, max: p.max, avg: p.avg, p50: p.p50, p90: p.p90, p95: p.p95, p99: p.p99, p999: p.p999 } : null
}

const SNAKE: Record<string, string> = { pgToKafka: 'pg_to_kafka', kafkaToMongo: 'kafka_to_mongo', endToEnd: 'end_to_end' }

export function metricsJson(r: RunReport) {
  const l = r.load
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run_id: r.runId,
    scenario: r.scenario,
    status: r.status,
    throughput: {
      unit: 'events/s',
      target: l.targetRate ?? null,
      current: l.currentRate,
      avg: l.avgRate,
      peak: l.peakRate,
      events_written: l.written,
      duration_s: l.elapsedMs / 1000,
    },
    errors: { writes: l.writes, failed: l.writeErrors, error_rate: l.errorRate },
    latency_ms: {
      insert: latencyStats(l.insert),
      ...Object.fromEntries(STAGES.map((s) => [SNAKE[s]!, latencyStats(r.pipeline.stages[s])])),
    },
    pipeline: { in_kafka: r.pipeline.inKafka, in_mongo: r.pipeline.inMongo, backlog: Math.max(0, l.written - r.pipeline.inMongo) },
    event_types: l.perType.map((t) => ({ type: t.type, count: t.count, percent: +(t.share * 100).toFixed(3) })),
    iterations: { completed: l.iterations, dropped: l.droppedIterations },
    timeline: r.loadHistory.map((s) => ({ t: s.t, written: s.written, errors: s.errors, insert_p50: s.insert.p50, insert_p95: s.insert.p95, insert_p99: s.insert.p99 })),
  }
}
