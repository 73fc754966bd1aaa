// An injected 50 ms delay must show in the verifier's Kafka -> MongoDB latency as +50 ms at p50,
// within +-2 ms. Two consumers read the same records of one topic at the same time: a baseline
// without faults and one with `delay=50ms`, each writing its own database; the difference of the
// two reported medians is the measured delay (same records, same moment, same machine load).
// Events are paced (4/s) so the delayed consumer never queues work behind a held batch. Each
// consumer runs as its own process.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTail } from '../../orchestrator/tail/index.ts'
import { verifyRun } from '../../orchestrator/verify/index.ts'
import { generateRows } from './support/events.ts'
import { createPipeline, type PrivatePipeline } from './support/pipeline.ts'

const DELAY_MS = 50
const EVENTS = 100
const RATE = 4

describe('verifier measures an injected delay', () => {
  let p: PrivatePipeline
  let work: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'eventload-delay-'))
    p = await createPipeline('delay', { quiet: true })
    await p.start('relay')
  }, 120_000)

  afterAll(async () => {
    await p?.cleanup()
    rmSync(work, { recursive: true, force: true })
  }, 120_000)

  it(`50 ms at p50, within +-2 ms`, async () => {
    const runId = `delay-${Date.now()}`
    const dbs = { base: `${p.name}_base`, delayed: `${p.name}_delayed` }
    {
      // Each consumer in its own process, so neither shares an event loop with the test's tail and
      // writer; no linger wait, so the injected sleep is the only timer between fetch and write;
      // no projection writer, whose work for the same records would otherwise run during the
      // delayed consumer's sleep and make its timer fire late on a busy machine.
      const base = await p.spawn('consumer', { group: `${p.name}-base`, clientId: `${p.name}-base`, lingerMs: 0 }, { database: dbs.base, fromEnd: true, noProjections: true })
      const delayed = await p.spawn(
        'consumer',
        { group: `${p.name}-delayed`, clientId: `${p.name}-delayed`, lingerMs: 0, faults: `delay=${DELAY_MS}ms`, faultSeed: '1', faultLog: join(work, 'truth.jsonl'), enableFaults: true },
        { database: dbs.delayed, fromEnd: true, noProjections: true },
      )
      for (const c of [base, delayed]) await p.waitAssigned(c)
      const profile = p.profile()
      const tail = startTail({ connections: p.connections, profile, runId, dir: join(work, 'tail') })
      await tail.ready
      await p.write(generateRows({ seed: runId, runId, events: EVENTS }), { batch: 1, ratePerSecond: RATE })
      const deadline = Date.now() + 60_000
      while (tail.stats().events < EVENTS || (await p.consumerLag(base)) > 0 || (await p.consumerLag(delayed)) > 0) {
        if (Date.now() > deadline) throw new Error('not drained after 60 s')
        await new Promise((r) => setTimeout(r, 200))
      }
      const tailResult = await tail.stop()

      const medians: Record<string, number> = {}
      for (const which of ['base', 'delayed'] as const) {
        const connections = { ...p.connections, mongo: { ...p.connections.mongo, database: dbs[which] } }
        const result = await verifyRun({ connections, profile, runId, tail: tailResult, reportDir: join(work, which) })
        expect(result.checks.find((c) => c.name === 'completeness')!.pass).toBe(true)
        const stage = result.latency.stages.find((s) => s.name === 'kafka->mongo')!
        expect(stage.overall.count).toBe(EVENTS)
        expect(stage.overall.censored).toBe(0)
        medians[which] = stage.overall.p50
      }
      const measured = medians.delayed! - medians.base!
      process.stderr.write(`delay: kafka->mongo p50 base ${medians.base} ms, delayed ${medians.delayed} ms, measured delay ${measured.toFixed(3)} ms (injected ${DELAY_MS})\n`)
      expect(Math.abs(measured - DELAY_MS)).toBeLessThanOrEqual(2)
    }
  }, 180_000)
})
