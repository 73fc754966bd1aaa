// The pipeline's side of a run as Prometheus series, pushed with the engine's k6_* series by
// `--out experimental-prometheus-rw`: k6 itself only knows what the load wrote; how far the
// events got (in Kafka, in MongoDB, the backlog between) and how long each stage took are
// eventload's, so Grafana can show them next to the load on one time axis. Same `testid`
// label as the k6 series. Stage latencies are the live view's (tail and MongoDB watch), in
// seconds as Prometheus prefers; the verifier's figures after the drain are in the reports.
// When MongoDB is counted by `_id` lookups and the live view has not looked every due id up,
// `in_mongo` is a lower bound and `backlog` an upper one: `events_unchecked` says by how much
// at most, `*_estimated` carry the sampled estimate, and `mongo_lookups_per_second` the live
// view's own load on the store, so Grafana never shows an overstated backlog silently.
import type { RemoteWriteSeries } from '../../stack/prometheus/remote-write.ts'
import { STAGES, type PipelineSnapshot, type Stage } from '../stats/pipeline.ts'

const STAGE_NAME: Record<Stage, string> = { pgToKafka: 'postgres_to_kafka', kafkaToMongo: 'kafka_to_mongo', endToEnd: 'end_to_end' }
const QUANTILES = [
  ['p50', '0.5'],
  ['p95', '0.95'],
  ['p99', '0.99'],
] as const

export interface PipelineCounts {
  /** Events the load committed so far. */
  written: number
  pipeline: PipelineSnapshot
}

export function pipelineSeries(c: PipelineCounts, labels: Record<string, string>, timestampMs: number): RemoteWriteSeries[] {
  const one = (name: string, value: number, extra: Record<string, string> = {}): RemoteWriteSeries => ({
    labels: { ...labels, ...extra, __name__: name },
    samples: [{ value, timestampMs }],
  })
  const { inKafka, inMongo } = c.pipeline
  const out = [
    one('eventload_pipeline_events_written', c.written),
    one('eventload_pipeline_events_in_kafka', inKafka),
    one('eventload_pipeline_events_in_mongo', inMongo),
    // Written but not yet in MongoDB: what the pipeline still owes.
    one('eventload_pipeline_backlog', Math.max(0, c.written - inMongo)),
  ]
  const cov = c.pipeline.mongoCoverage
  if (cov) {
    out.push(one('eventload_pipeline_events_unchecked', cov.unchecked))
    // No estimate when ids went unchecked and none were sampled (the drain's looks): no series then.
    if (cov.estimate !== undefined) {
      out.push(one('eventload_pipeline_events_in_mongo_estimated', cov.estimate))
      out.push(one('eventload_pipeline_backlog_estimated', Math.max(0, c.written - cov.estimate)))
    }
    if (cov.lookupsPerSec !== undefined) out.push(one('eventload_pipeline_mongo_lookups_per_second', cov.lookupsPerSec))
  }
  for (const stage of STAGES) {
    const p = c.pipeline.stages[stage]
    if (!p || p.count === 0) continue
    for (const [key, q] of QUANTILES) out.push(one('eventload_pipeline_stage_latency_seconds', p[key] / 1000, { stage: STAGE_NAME[stage], quantile: q }))
    out.push(one('eventload_pipeline_stage_events', p.count, { stage: STAGE_NAME[stage] }))
  }
  return out
}
