// The Kafka broker is stopped for 10 s while events are being written, then started again:
// every event must still reach MongoDB exactly once and intact. This stops the SHARED
// stack's broker (through the stack's own API, as `npm run stack -- down kafka` / `up kafka`
// do), so other users of the stack see a 10-second Kafka outage too; it restarts it in every case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { down, up } from '../../stack/index.ts'
import { compareWithPostgres, loadSource } from './support/compare.ts'
import { counterValue, createPrivatePipeline, waitFor, type PrivatePipeline } from './support/pipeline.ts'
import { writeConcurrently } from './support/workload.ts'

const WRITERS = 4
const PER_WRITER = 750
const RATE = 150 // events per second: the write phase spans the outage (~20 s)
const OUTAGE_MS = 10_000

describe('processor survives a Kafka restart', () => {
  let pipeline: PrivatePipeline
  let kafkaStopped = false
  const runId = `kafka-restart-${Date.now()}`
  const log = (line: string) => process.stderr.write(`[kafka-restart] ${line}\n`)

  beforeAll(async () => {
    pipeline = await createPrivatePipeline('krestart')
    await pipeline.start()
  })
  afterAll(async () => {
    if (kafkaStopped) await up(['kafka'], { log })
    await pipeline?.cleanup()
  })

  it('all events arrive exactly once after a 10 s broker outage', async () => {
    const processor = pipeline.processor!
    const writing = writeConcurrently(pipeline.pool, pipeline.table, runId, { writers: WRITERS, perWriter: PER_WRITER, ratePerSecond: RATE })
    const total = WRITERS * PER_WRITER

    await new Promise((r) => setTimeout(r, 4_000))
    const relayedBefore = await counterValue(processor, 'relayed')
    kafkaStopped = true
    await down(['kafka'], { log })
    const stoppedAt = Date.now()
    await new Promise((r) => setTimeout(r, OUTAGE_MS))
    await up(['kafka'], { log })
    kafkaStopped = false
    log(`broker was down ${Date.now() - stoppedAt} ms`)

    const written = await writing
    expect(written.events).toBe(total)
    // The outage happened mid-stream: some events had gone through before it, and the
    // processor noticed it (sessions restarted).
    expect(relayedBefore).toBeGreaterThan(0)
    expect(relayedBefore).toBeLessThan(total)

    const events = pipeline.mongo.db(pipeline.database).collection('events')
    const arrived = await waitFor(async () => (await events.countDocuments({ run_id: runId })) >= total, 120_000, 3_000)
    expect(arrived, `${await events.countDocuments({ run_id: runId })} of ${total} arrived`).toBe(true)
    const restarts = (await processor.metrics.restarts.get()).values.reduce((s, v) => s + v.value, 0)
    expect(restarts).toBeGreaterThan(0)

    const report = compareWithPostgres(await loadSource(pipeline.pool, pipeline.table, runId), await events.find({ run_id: runId }).toArray())
    expect(report.missing).toEqual([])
    expect(report.duplicated).toEqual([])
    expect(report.unexpected).toEqual([])
    expect(report.mismatched).toEqual([])
  })
})
