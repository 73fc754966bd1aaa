// The verifier against the reference processor's seeded faults (drop, duplicate, corrupt,
// phantom, reorder, delay), over 20 random seeds: every fault in the processor's ground-truth
// file must be reported with its class and event id (100% recall), and nothing else may be
// reported (0 false positives; a finding the verifier marks as caused by another one must point
// at a reported fault). Real Postgres, Kafka and FerretDB of the local stack; a private table,
// slot, topic and database for the file, and a consumer group (positioned at the end of the
// topic) and run id per seed — runs never mix because every query is scoped to its run id.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTail } from '../../orchestrator/tail/index.ts'
import { verifyRun } from '../../orchestrator/verify/index.ts'
import type { Finding } from '../../orchestrator/verify/result-schema.ts'
import { generateRows } from './support/events.ts'
import { compareWithGroundTruth, readJsonLines } from './support/findings.ts'
import { createPipeline, type PrivatePipeline } from './support/pipeline.ts'

const SEEDS = Array.from({ length: Number(process.env.EVENTLOAD_FAULT_SEEDS ?? 20) }, () => randomBytes(4).toString('hex'))
const EVENTS = 150
const DELAY_MS = 20
const FAULTS = `drop=0.05,duplicate=0.04,corrupt=0.05,reorder=0.15,phantom=3,delay=${DELAY_MS}ms`

describe('verifier vs. seeded faults', () => {
  let p: PrivatePipeline
  let work: string
  const totals = { truth: 0, found: 0, falsePositives: 0, secondary: 0, classes: new Map<string, number>() }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'eventload-faults-'))
    p = await createPipeline('faults', { quiet: true })
    await p.start('relay')
  }, 120_000)

  afterAll(async () => {
    await p?.cleanup()
    rmSync(work, { recursive: true, force: true })
    process.stderr.write(
      `fault-injection: ${SEEDS.length} seeds, ${totals.truth} injected faults (${[...totals.classes].map(([c, n]) => `${c} ${n}`).join(', ')}), ` +
        `${totals.found} found, ${totals.falsePositives} false positives, ${totals.secondary} consequences attributed to their cause\n`,
    )
  }, 120_000)

  it.each(SEEDS.map((seed, i) => [i, seed] as const))('seed #%i (%s): every fault found with its class and id, nothing else', async (i, seed) => {
    const group = `${p.name}-s${i}`
    const runId = `faults-${seed}`
    const faultLog = join(work, `truth-${seed}.jsonl`)
    const dir = join(work, runId)
    const connections = p.connections
    const profile = p.profile()
    const consumer = await p.start('consumer', { group, faults: FAULTS, faultSeed: seed, faultLog, enableFaults: true, clientId: `${group}-c` }, { fromEnd: true })
    try {
      const tail = startTail({ connections: p.connections, profile, runId, dir })
      await tail.ready
      const written = await p.write(generateRows({ seed: `gen-${seed}`, runId, events: EVENTS }), { batch: 25 })
      expect(written).toBe(EVENTS)
      // Drained: Kafka holds every event (the tail saw them) and the consumer committed them all.
      const deadline = Date.now() + 90_000
      while (tail.stats().events < EVENTS || (await p.consumerLag(consumer)) > 0) {
        if (Date.now() > deadline) throw new Error(`not drained: tail ${tail.stats().events}/${EVENTS}, lag ${await p.consumerLag(consumer)}`)
        await new Promise((r) => setTimeout(r, 200))
      }
      await consumer.stop()
      const tailResult = await tail.stop()

      const result = await verifyRun({ connections, profile, runId, tail: tailResult, reportDir: dir, lateAfterMs: DELAY_MS / 2 })
      const findings = readJsonLines<Finding>(join(dir, 'findings.jsonl'))
      const truth = readJsonLines<{ class: string; event_id: string; run_id: string | null }>(faultLog)
      const cmp = compareWithGroundTruth(findings, truth, runId)

      totals.truth += cmp.truth.size
      totals.found += cmp.truth.size - cmp.missed.length
      totals.falsePositives += cmp.falsePositives.length
      totals.secondary += cmp.secondary
      for (const t of cmp.truth) {
        const c = t.split(':')[0]!
        totals.classes.set(c, (totals.classes.get(c) ?? 0) + 1)
      }
      expect(cmp.truth.size).toBeGreaterThan(EVENTS) // delay alone covers every document
      expect(cmp.missed, 'faults the verifier did not report').toEqual([])
      expect(cmp.falsePositives, 'findings no fault explains').toEqual([])
      expect(cmp.unexplained, 'consequences whose cause was not reported').toEqual([])
      expect(result.pass).toBe(false)
      // Drops and duplicates are located at Kafka -> MongoDB: Kafka carried each event once.
      for (const f of findings.filter((x) => x.class === 'missing' || x.class === 'duplicate')) expect(f.stage).toBe('kafka->mongo')
      expect(result.counts.committed).toBe(EVENTS)
    } finally {
      await consumer.stop()
    }
  }, 180_000)
})
