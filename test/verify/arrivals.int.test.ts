// openArrivals against the real Postgres and FerretDB of the local stack, on a private table and
// database (test/verify/support/pipeline.ts; no processor: the test places the documents itself,
// so it decides exactly which events "arrived"). Keyed by event id: the count is the committed
// events whose id is a document's _id, found by lookups, documents of other runs ignored. Keyed
// otherwise although the probe said _id: one count on the run id notices and takes over.
import { ObjectId } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openArrivals } from '../../orchestrator/verify/arrivals.ts'
import type { EventRow } from '../../scenarios/lib/events/row.ts'
import { generateRows } from './support/events.ts'
import { createPipeline, type PrivatePipeline } from './support/pipeline.ts'

const EVENTS = 60

describe('openArrivals (real Postgres + FerretDB)', () => {
  let pipeline: PrivatePipeline
  let rows: EventRow[]
  const runId = `arrivals-${Date.now()}`

  beforeAll(async () => {
    pipeline = await createPipeline('arrivals', { quiet: true })
    rows = [...generateRows({ seed: 'arrivals', runId, events: EVENTS })]
    await pipeline.write(rows)
    expect(rows.length % 2).toBe(0)
    // Another run's documents in the same collection: never counted.
    const other = [...generateRows({ seed: 'other', runId: `${runId}-other`, events: 20 })]
    await pipeline.mongo.db(pipeline.name).collection('events').insertMany(other.map((r) => ({ _id: r.id, event_id: r.id, run_id: r.run_id })) as never[])
  }, 60_000)
  afterAll(async () => {
    await pipeline?.cleanup()
  }, 60_000)

  const open = (collection: string, idIsEventId: boolean) =>
    openArrivals({ connections: pipeline.connections, profile: pipeline.profile(collection), runId, client: pipeline.mongo, idIsEventId })

  it('keyed by event id: counts the committed events that have a document, by _id lookups', async () => {
    const events = pipeline.mongo.db(pipeline.name).collection('events')
    const half = rows.slice(0, rows.length / 2)
    await events.insertMany(half.map((r) => ({ _id: r.id, event_id: r.id, run_id: runId })) as never[])
    const arrivals = await open('events', true)
    try {
      expect(arrivals.mode).toBe('ids')
      // at most DRAIN_BUDGET lookups per count: 60 ids fit in one
      expect(await arrivals.count()).toBe(half.length)
      await events.insertMany(rows.slice(rows.length / 2).map((r) => ({ _id: r.id, event_id: r.id, run_id: runId })) as never[])
      expect(await arrivals.count()).toBe(rows.length)
      expect(arrivals.describe()).toMatch(new RegExp(`_id lookups of the committed ids .*: ${rows.length} of ${rows.length} found`))
    } finally {
      await arrivals.close()
    }
  }, 60_000)

  it('live view with a budget short of the due ids: a lower bound, how many unchecked, then the drain exact', async () => {
    const live = pipeline.mongo.db(pipeline.name).collection('live')
    const present = rows.filter((_, i) => i % 2 === 0)
    await live.insertMany(present.map((r) => ({ _id: r.id, event_id: r.id, run_id: runId })) as never[])
    const arrivals = await open('live', true)
    try {
      // 10 lookups for 60 due ids: 6 walked from the oldest, 4 spread over the other 54
      const r = await arrivals.poll({ budget: 10, sample: 4, firstLookMs: 0, retryMs: 0 })
      expect(r?.looked).toBe(10)
      expect(r?.lookupMs).toBeGreaterThan(0)
      const p = arrivals.progress()!
      expect(p.unchecked).toBe(rows.length - 10)
      expect(p.found).toBeLessThanOrEqual(present.length)
      // the walk's misses are really absent here, so the truth lies within found + unchecked
      expect(p.found + p.unchecked).toBeGreaterThanOrEqual(present.length)
      expect(p.estimate).toBeGreaterThanOrEqual(p.found)
      expect(p.estimate).toBeLessThanOrEqual(p.found + p.unchecked)
      // the drain looks every id up: exact, and nothing left unchecked
      expect(await arrivals.count()).toBe(present.length)
      expect(arrivals.progress()).toMatchObject({ found: present.length, unchecked: 0 })
    } finally {
      await arrivals.close()
    }
  }, 60_000)

  it('documents keyed otherwise: after a round of misses one run-id count switches to counting by run id', async () => {
    const keyedOtherwise = pipeline.mongo.db(pipeline.name).collection('by_object_id')
    await keyedOtherwise.insertMany(rows.slice(0, 10).map((r) => ({ _id: new ObjectId(), event_id: r.id, run_id: runId })))
    const arrivals = await open('by_object_id', true)
    try {
      expect(await arrivals.count()).toBe(10)
      expect(arrivals.mode).toBe('count')
      expect(arrivals.describe()).toBe('countDocuments on run_id')
    } finally {
      await arrivals.close()
    }
  }, 60_000)

  it('not keyed by event id: counts by run id from the start', async () => {
    const arrivals = await open('by_object_id', false)
    try {
      expect(arrivals.mode).toBe('count')
      expect(await arrivals.count()).toBe(10)
    } finally {
      await arrivals.close()
    }
  }, 60_000)
})
