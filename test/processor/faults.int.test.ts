// With a seeded fault mix, the ground-truth file must describe exactly what MongoDB holds:
// every drop, duplicate, corruption, phantom and delay in `events`, every reorder in the
// projections, and nothing else. The decisions are also recomputed from (seed, event id),
// independently of the processor, to prove they are deterministic.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Document } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventFate, reorderSelected } from '../../processor/faults/decide.ts'
import { recordKey, type GroundTruthRecord } from '../../processor/faults/ground-truth.ts'
import { parseFaultSpec } from '../../processor/faults/plan.ts'
import { DEFAULT_RULES } from '../../processor/projections/rules.ts'
import { fieldMismatches, loadSource, type SourceRow } from './support/compare.ts'
import { counterValue, createPrivatePipeline, waitForProcessed, type PrivatePipeline } from './support/pipeline.ts'
import { writeConcurrently } from './support/workload.ts'

const EVENTS = 2_000
const SPEC = 'drop=0.03,duplicate=0.03,corrupt=0.03,delay=50ms,reorder=0.1,phantom=3'
const SEED = '20261127'

describe('fault injection ground truth', () => {
  let pipeline: PrivatePipeline
  let dir: string
  const runId = `faults-${Date.now()}`

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventload-faults-'))
    pipeline = await createPrivatePipeline('faults')
    await pipeline.start({ faults: SPEC, faultSeed: SEED, faultLog: join(dir, 'ground-truth.jsonl'), enableFaults: true })
  })
  afterAll(async () => {
    await pipeline?.cleanup()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('the ground-truth file matches MongoDB exactly', async () => {
    await writeConcurrently(pipeline.pool, pipeline.table, runId, { writers: 8, perWriter: EVENTS / 8 })
    const processor = pipeline.processor!
    const done = await waitForProcessed(processor, EVENTS, 150_000)
    expect(done, `written ${await counterValue(processor, 'consumed')}, projected ${await counterValue(processor, 'projected')}`).toBe(true)

    const plan = parseFaultSpec(SPEC, SEED)
    const truth = (await readFile(join(dir, 'ground-truth.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as GroundTruthRecord)
    const byClass = (cls: GroundTruthRecord['class']) => truth.filter((r) => r.class === cls)
    const source = await loadSource(pipeline.pool, pipeline.table, runId)
    expect(source.size).toBe(EVENTS)
    const db = pipeline.mongo.db(pipeline.database)
    const docs = await db.collection<{ _id: string } & Document>('events').find({}).toArray()
    const docsByEvent = new Map<string, Document[]>()
    for (const d of docs) docsByEvent.set(d.event_id as string, [...(docsByEvent.get(d.event_id as string) ?? []), d])

    // Each line is about one (class, event, subject), once; every class of the mix occurred.
    expect(new Set(truth.map(recordKey)).size).toBe(truth.length)
    for (const cls of ['drop', 'duplicate', 'corrupt', 'reorder', 'phantom', 'delay'] as const) expect(byClass(cls).length, cls).toBeGreaterThan(0)
    expect(truth.every((r) => r.run_id === runId)).toBe(true)

    // Deterministic: the file's drop/duplicate/corrupt sets are what (seed, event id) gives.
    const recomputed = { drop: new Set<string>(), duplicate: new Set<string>(), corrupt: new Set<string>() }
    for (const row of source.values()) {
      const fate = eventFate(plan, { id: row.id, payload: row.payload })
      if (fate.kind !== 'write') recomputed[fate.kind].add(row.id)
    }
    for (const cls of ['drop', 'duplicate', 'corrupt'] as const) {
      expect(new Set(byClass(cls).map((r) => r.event_id)), cls).toEqual(recomputed[cls])
    }

    // events collection: each source event is as the file says.
    const dropped = new Set(byClass('drop').map((r) => r.event_id))
    const duplicated = new Map(byClass('duplicate').map((r) => [r.event_id, r.details.duplicate_id as string]))
    const corrupted = new Map(byClass('corrupt').map((r) => [r.event_id, r.details]))
    const problems: string[] = []
    for (const [id, row] of source) {
      const found = docsByEvent.get(id) ?? []
      if (dropped.has(id)) {
        if (found.length !== 0) problems.push(`${id}: dropped but ${found.length} document(s)`)
        continue
      }
      const expectedIds = duplicated.has(id) ? [id, duplicated.get(id)!].sort() : [id]
      if (!isDeepStrictEqual(found.map((d) => String(d._id)).sort(), expectedIds)) {
        problems.push(`${id}: documents ${JSON.stringify(found.map((d) => String(d._id)))}, expected ${JSON.stringify(expectedIds)}`)
        continue
      }
      for (const doc of found) problems.push(...contentProblems(row, doc, corrupted.get(id)))
    }
    // Documents for events that never existed are exactly the phantoms.
    const phantomDocs = [...docsByEvent.keys()].filter((id) => !source.has(id)).sort()
    expect(phantomDocs).toEqual(byClass('phantom').map((r) => r.event_id).sort())
    expect(phantomDocs).toHaveLength(plan.phantom)
    // Every written document was delayed by the configured hold, and the file says so.
    expect(byClass('delay').map((r) => r.details.document_id as string).sort()).toEqual(docs.map((d) => d._id).sort())
    for (const doc of docs) {
      const held = (doc.processed_at as Date).getTime() - (doc.kafka as { timestamp: Date }).timestamp.getTime()
      if (held < plan.delayMs) problems.push(`${doc._id}: written ${held} ms after Kafka, less than the ${plan.delayMs} ms delay`)
    }
    expect(problems).toEqual([])

    // Projections: the events applied out of per-aggregate order are exactly the reorders.
    const observed = new Set<string>()
    for (const collection of new Set(Object.values(DEFAULT_RULES.byType).flat().map((r) => r.collection))) {
      for (const entity of await db.collection<{ _id: string } & Document>(collection).find({ run_id: runId }).toArray()) {
        const history = (entity.history as { event_id: string }[]).map((h) => h.event_id)
        const seqOf = (eventId: string) => source.get(eventId)!.seq
        for (let i = 0; i < history.length; i++) {
          for (let j = i + 1; j < history.length; j++) {
            if (seqOf(history[i]!) > seqOf(history[j]!)) observed.add(`${collection}/${entity._id}/${history[i]}/${history[j]}`)
          }
        }
      }
    }
    const recorded = new Set(
      byClass('reorder').map((r) => `${r.details.collection as string}/${r.details.entity_id as string}/${r.event_id}/${r.details.applied_before as string}`),
    )
    expect(observed).toEqual(recorded)
    expect(byClass('reorder').every((r) => reorderSelected(plan, r.event_id))).toBe(true)
  })
})

/** A written document must equal its row, except the one recorded field of a corruption. */
function contentProblems(row: SourceRow, doc: Document, corruption: Record<string, unknown> | undefined): string[] {
  const mismatches = fieldMismatches(row, doc).filter((m) => m.field !== '_id')
  if (!corruption) return mismatches.map((m) => `${row.id}: ${m.field} differs`)
  const field = corruption.field as string
  const source = row.payload as Record<string, unknown>
  const written = doc.payload as Record<string, unknown>
  const out = mismatches.filter((m) => m.field !== 'payload').map((m) => `${row.id}: ${m.field} differs`)
  const changed = [...new Set([...Object.keys(source), ...Object.keys(written)])].filter((k) => !isDeepStrictEqual(source[k], written[k]))
  if (!isDeepStrictEqual(changed, [field])) out.push(`${row.id}: corrupted fields ${JSON.stringify(changed)}, recorded ${field}`)
  if (!isDeepStrictEqual(written[field], corruption.corrupted)) out.push(`${row.id}: ${field} is ${JSON.stringify(written[field])}, recorded ${JSON.stringify(corruption.corrupted)}`)
  if (!isDeepStrictEqual(source[field] ?? null, corruption.original)) out.push(`${row.id}: original of ${field} recorded wrongly`)
  return out
}
