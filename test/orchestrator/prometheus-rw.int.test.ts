// Prometheus remote write against the local stack's real Prometheus (remote-write receiver on):
// samples pushed with k6's series names (k6-semantics.md §6.3) are queryable by them, with
// time trends in seconds and counters as running totals.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'
import { decodeWriteRequest, encodeWriteRequest } from '../../stack/prometheus/remote-write.ts'
import { PrometheusRemoteWrite, remoteWriteOptions, statSuffix } from '../../orchestrator/outputs/prometheus-rw.ts'
import type { EngineSample } from '../../orchestrator/engines/engine.ts'
import { pipelineSeries } from '../../orchestrator/outputs/pipeline-series.ts'

const prom = loadConnections().prometheus.url.replace(/\/+$/, '')

async function query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${prom}/api/v1/query?query=${encodeURIComponent(q)}`)
  const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }
  return body.data.result
}

/** The query's result once Prometheus has ingested the push (it is not visible at once), up to 5 s. */
async function queryIngested(q: string): ReturnType<typeof query> {
  let result = await query(q)
  for (let i = 1; i < 20 && result.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 250))
    result = await query(q)
  }
  return result
}

describe('prometheus remote write output', () => {
  it('names series as k6 does', () => {
    expect(statSuffix('p(99)')).toBe('p99')
    expect(statSuffix('p(99.9)')).toBe('p999')
    expect(statSuffix('med')).toBe('med')
    const series = [{ labels: { __name__: 'k6_vus' }, samples: [{ value: 3, timestampMs: 1700000000000 }] }]
    expect(decodeWriteRequest(encodeWriteRequest(series))).toEqual(series)
  })

  it('pushes counters, rates and trends that Prometheus stores under k6 names', async () => {
    const testid = `rw-test-${randomBytes(4).toString('hex')}`
    const now = Date.now()
    const tags = { testid, scenario: 'stress', type: 'order_placed', empty: '' }
    const samples: EngineSample[] = []
    for (let i = 0; i < 100; i++) {
      samples.push({ metric: 'events_written', type: 'counter', time: now - 2000 + i, value: 1, tags })
      samples.push({ metric: 'insert_duration', type: 'trend', contains: 'time', time: now - 2000 + i, value: i + 1, tags })
      samples.push({ metric: 'insert_errors', type: 'rate', time: now - 2000 + i, value: i < 5 ? 1 : 0, tags })
    }
    const rw = new PrometheusRemoteWrite({ ...remoteWriteOptions({ K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),max,count' }, prom), onError: (m) => { throw new Error(m) } })
    rw.add(samples)
    await rw.push()
    expect(rw.failures).toBe(0)
    const result = await queryIngested(`k6_events_written_total{testid="${testid}"}`)
    expect(result).toHaveLength(1)
    expect(Number(result[0]!.value[1])).toBe(100)
    expect(result[0]!.metric).toMatchObject({ scenario: 'stress', type: 'order_placed' })
    expect(result[0]!.metric.empty).toBeUndefined() // empty tags are not labels
    const p99 = await query(`k6_insert_duration_p99{testid="${testid}"}`)
    // 1..100 ms: p99 is 99 ms (HDR, 3 significant digits) = 0.099 s
    expect(Number(p99[0]!.value[1])).toBeCloseTo(0.099, 3)
    expect(Number((await query(`k6_insert_duration_max{testid="${testid}"}`))[0]!.value[1])).toBeCloseTo(0.1, 3)
    expect(Number((await query(`k6_insert_duration_count{testid="${testid}"}`))[0]!.value[1])).toBe(100)
    expect(Number((await query(`k6_insert_errors_rate{testid="${testid}"}`))[0]!.value[1])).toBeCloseTo(0.05, 6)
  })

  it('pushes the pipeline gauges of a source with the same testid, queryable next to the k6 series', async () => {
    const testid = `rw-pipe-${randomBytes(4).toString('hex')}`
    const rw = new PrometheusRemoteWrite({ ...remoteWriteOptions({}, prom), onError: (m) => { throw new Error(m) } })
    let written = 40
    const pct = { count: 30, min: 5, max: 80, avg: 20, p50: 15, p90: 40, p95: 50, p99: 75, p999: 80 }
    rw.addSource(() => pipelineSeries({ written, pipeline: { inKafka: 35, inMongo: 30, stages: { endToEnd: pct }, recent: [] } }, { testid }, Date.now()))
    await rw.push()
    written = 50 // the next push reads the source again
    await new Promise((r) => setTimeout(r, 10))
    await rw.push()
    expect(rw.failures).toBe(0)
    const backlog = await queryIngested(`eventload_pipeline_backlog{testid="${testid}"}`)
    expect(Number(backlog[0]!.value[1])).toBe(20)
    const p99 = await query(`eventload_pipeline_stage_latency_seconds{testid="${testid}",stage="end_to_end",quantile="0.99"}`)
    expect(Number(p99[0]!.value[1])).toBeCloseTo(0.075, 6)
  })
})
