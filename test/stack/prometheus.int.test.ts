// Remote-writes a sample to the stack's real Prometheus (protobuf + snappy, encoded by
// stack/prometheus/remote-write.ts) and reads it back through the HTTP query API.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'
import { remoteWrite } from '../../stack/prometheus/remote-write.ts'
import { waitFor } from '../../stack/process/wait.ts'

const prometheus = loadConnections().prometheus.url.replace(/\/+$/, '')

interface VectorResult {
  status: string
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }
}

describe('prometheus (local stack)', () => {
  it('accepts a remote-written sample and returns it from /api/v1/query', async () => {
    const testId = randomUUID()
    const nowMs = Date.now()
    await remoteWrite(prometheus, [
      { labels: { __name__: 'eventload_stack_test_value', test_id: testId, job: 'eventload-test' }, samples: [{ value: 42.5, timestampMs: nowMs }] },
    ])
    const query = `eventload_stack_test_value{test_id="${testId}"}`
    const result = await waitFor(
      async () => {
        const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}&time=${nowMs / 1000}`)
        const body = (await res.json()) as VectorResult
        return body.data.result.length > 0 ? body : undefined
      },
      { timeoutMs: 15_000, what: 'the written sample to be queryable' },
    )
    expect(result.status).toBe('success')
    expect(result.data.result).toHaveLength(1)
    expect(result.data.result[0]!.metric).toMatchObject({ __name__: 'eventload_stack_test_value', test_id: testId, job: 'eventload-test' })
    expect(Number(result.data.result[0]!.value[1])).toBe(42.5)
  })

  it('accepts a request larger than one snappy literal run (64 KiB) and keeps every series', async () => {
    const testId = randomUUID()
    const nowMs = Date.now()
    const series = Array.from({ length: 1500 }, (_, i) => ({
      labels: { __name__: 'eventload_stack_test_bulk', test_id: testId, idx: String(i).padStart(5, '0') },
      samples: [{ value: i, timestampMs: nowMs }],
    }))
    await remoteWrite(prometheus, series)
    const query = `count(eventload_stack_test_bulk{test_id="${testId}"})`
    const count = await waitFor(
      async () => {
        const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}&time=${nowMs / 1000}`)
        const body = (await res.json()) as VectorResult
        const v = body.data.result[0]?.value[1]
        return v === String(series.length) ? Number(v) : undefined
      },
      { timeoutMs: 15_000, what: `all ${series.length} series to be queryable` },
    )
    expect(count).toBe(1500)
  })

  it('rejects a malformed remote-write body with a 4xx (the endpoint really decodes)', async () => {
    const res = await fetch(`${prometheus}/api/v1/write`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' },
      body: Buffer.from('not snappy at all'),
    })
    await res.body?.cancel()
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
})
