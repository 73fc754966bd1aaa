// The pipeline gauges pushed next to k6's series: names, labels, units (seconds) and the
// backlog = written − in MongoDB, from a snapshot built here by hand.
import { describe, expect, it } from 'vitest'
import { pipelineSeries } from '../../orchestrator/outputs/pipeline-series.ts'

const pct = (ms: number, count: number) => ({ count, min: ms, max: ms, avg: ms, p50: ms, p90: ms, p95: ms, p99: ms, p999: ms })

describe('pipeline series for prometheus remote write', () => {
  it('names the counts, the backlog and each stage quantile, with the run labels', () => {
    const series = pipelineSeries(
      { written: 120, pipeline: { inKafka: 110, inMongo: 100, stages: { pgToKafka: pct(12, 110), endToEnd: pct(250, 100) }, recent: [] } },
      { testid: 'r1' },
      1_700_000_000_000,
    )
    const value = (name: string, labels: Record<string, string> = {}) =>
      series.find((s) => s.labels.__name__ === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.samples[0]?.value
    expect(value('eventload_pipeline_events_written')).toBe(120)
    expect(value('eventload_pipeline_events_in_kafka')).toBe(110)
    expect(value('eventload_pipeline_events_in_mongo')).toBe(100)
    expect(value('eventload_pipeline_backlog')).toBe(20)
    expect(value('eventload_pipeline_stage_latency_seconds', { stage: 'postgres_to_kafka', quantile: '0.99' })).toBeCloseTo(0.012, 9)
    expect(value('eventload_pipeline_stage_latency_seconds', { stage: 'end_to_end', quantile: '0.5' })).toBeCloseTo(0.25, 9)
    expect(value('eventload_pipeline_stage_events', { stage: 'end_to_end' })).toBe(100)
    // A stage with no events yet sends nothing rather than a misleading 0 s.
    expect(series.some((s) => s.labels.stage === 'kafka_to_mongo')).toBe(false)
    expect(series.every((s) => s.labels.testid === 'r1' && s.samples[0]!.timestampMs === 1_700_000_000_000)).toBe(true)
  })

  it('never reports a negative backlog (MongoDB may briefly count more than the load has reported)', () => {
    const series = pipelineSeries({ written: 5, pipeline: { inKafka: 7, inMongo: 7, stages: {}, recent: [] } }, {}, 0)
    expect(series.find((s) => s.labels.__name__ === 'eventload_pipeline_backlog')!.samples[0]!.value).toBe(0)
  })

  it('while ids went unchecked: how many, the estimate and its backlog, and the live view\'s lookups/s', () => {
    const pipeline = { inKafka: 900, inMongo: 400, stages: {}, recent: [], mongoCoverage: { unchecked: 500, estimate: 850, lookupsPerSec: 300 } }
    const series = pipelineSeries({ written: 1_000, pipeline }, { testid: 'r2' }, 0)
    const value = (name: string) => series.find((s) => s.labels.__name__ === name)?.samples[0]?.value
    // in_mongo stays the found count (a lower bound), the backlog written − found (an upper bound)
    expect(value('eventload_pipeline_events_in_mongo')).toBe(400)
    expect(value('eventload_pipeline_backlog')).toBe(600)
    expect(value('eventload_pipeline_events_unchecked')).toBe(500)
    expect(value('eventload_pipeline_events_in_mongo_estimated')).toBe(850)
    expect(value('eventload_pipeline_backlog_estimated')).toBe(150)
    expect(value('eventload_pipeline_mongo_lookups_per_second')).toBe(300)
  })

  it('no estimate without a sample, and no coverage series when MongoDB is counted otherwise', () => {
    const names = (mongoCoverage?: { unchecked: number }) =>
      pipelineSeries({ written: 10, pipeline: { inKafka: 10, inMongo: 5, stages: {}, recent: [], ...(mongoCoverage ? { mongoCoverage } : {}) } }, {}, 0).map((s) => s.labels.__name__)
    expect(names({ unchecked: 5 })).toContain('eventload_pipeline_events_unchecked')
    expect(names({ unchecked: 5 }).filter((n) => n?.includes('estimated'))).toEqual([])
    expect(names().filter((n) => n?.includes('unchecked') || n?.includes('estimated') || n?.includes('lookups'))).toEqual([])
  })
})
