// The live view's arrived count in ids mode comes from the arrival tracker, which hands each
// committed id over once (found ids leave its queue): the watch counts what it is given and
// keeps no set of the run's ids of its own (bounded memory in a soak). No database: the
// Arrivals here hand documents over as the tracker does; the client is never connected.
import { randomUUID } from 'node:crypto'
import type { Document } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { defaultProfile } from '../../orchestrator/profile/index.ts'
import { MongoWatch } from '../../orchestrator/run/mongo-watch.ts'
import type { Arrivals } from '../../orchestrator/verify/arrivals.ts'
import { ArrivalTracker } from '../../orchestrator/verify/arrival-tracker.ts'

describe('MongoWatch in ids mode', () => {
  it('counts each committed event once over many looks, with the re-reads the tracker gets', async () => {
    const profile = defaultProfile()
    const f = profile.mongo.fields
    const tracker = new ArrivalTracker()
    const ids = Array.from({ length: 2_000 }, (_, i) => ({ id: randomUUID(), createdMs: i }))
    const present = new Set<string>()
    let round = 0
    const arrivals: Arrivals = {
      mode: 'ids',
      describe: () => 'test',
      async poll(p) {
        // each look re-reads the ids committed so far (an overlapping window), then looks up
        tracker.addCommitted(ids.slice(0, (round + 1) * 400), p.firstLookMs)
        for (const c of ids.slice(0, round * 400 + 200)) present.add(c.id)
        round++
        const docs = (batch: string[]): Promise<Document[]> =>
          Promise.resolve(batch.filter((id) => present.has(id)).map((id) => ({ _id: id, [f.processedAt!]: new Date(5_000), [f.createdAt!]: new Date(1_000) })))
        const r = await tracker.check(docs, { budget: p.budget, retryMs: 0, now: 1e12, ...(p.onDocument ? { onDocument: p.onDocument } : {}) })
        return { ...r, lookupMs: 1 }
      },
      progress: () => undefined,
      count: () => Promise.resolve(tracker.found),
      close: () => Promise.resolve(),
    }
    const watch = new MongoWatch({ mongo: { url: 'mongodb://127.0.0.1:1', database: 'unused' } }, profile, 'run-test', arrivals)
    for (let i = 0; i < 8; i++) await watch.poll()
    expect(watch.lastError).toBeUndefined()
    expect(present.size).toBe(ids.length)
    expect(watch.arrived).toBe(tracker.found)
    expect(watch.arrived).toBe(ids.length)
    expect(watch.documents).toBe(ids.length)
    expect(watch.endToEnd.summary().count).toBe(ids.length)
    await watch.stop()
  })
})
