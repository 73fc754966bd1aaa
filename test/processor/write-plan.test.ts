import { describe, expect, it } from 'vitest'
import type { ConsumedEvent } from '../../processor/consumer/write-plan.ts'
import { planEventWrites } from '../../processor/consumer/write-plan.ts'
import { eventFate, phantomIds } from '../../processor/faults/decide.ts'
import { NO_FAULTS, parseFaultSpec } from '../../processor/faults/plan.ts'

const at = new Date('2026-01-01T00:00:01Z')
function batch(n: number, run = 'run-a'): ConsumedEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    event: {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      run_id: run,
      seq: i,
      type: 'order_created',
      aggregate_id: `o${i}`,
      payload: { total: i, note: 'n' },
      created_at: '2026-01-01T00:00:00.123Z',
      created_at_pg: '2026-01-01 00:00:00.123456+00',
      scheduled_at: null,
    },
    kafka: { topic: 'events', partition: i % 6, offset: i, timestamp: new Date('2026-01-01T00:00:00.500Z') },
  }))
}

describe('planEventWrites', () => {
  it('writes one document per event with its Kafka coordinates and BSON dates', () => {
    const plan = planEventWrites(batch(3), NO_FAULTS, at, new Set())
    expect(plan.groundTruth).toEqual([])
    expect(plan.documents).toHaveLength(3)
    const doc = plan.documents[1]!
    expect(doc).toMatchObject({
      _id: '00000000-0000-4000-8000-000000000001',
      event_id: '00000000-0000-4000-8000-000000000001',
      run_id: 'run-a',
      seq: 1,
      payload: { total: 1, note: 'n' },
      created_at: new Date('2026-01-01T00:00:00.123Z'),
      created_at_pg: '2026-01-01 00:00:00.123456+00',
      scheduled_at: null,
      processed_at: at,
      kafka: { topic: 'events', partition: 1, offset: 1 },
    })
    expect(doc).not.toHaveProperty('id')
  })

  it('applies each fate and records exactly the faults it injected', () => {
    const spec = parseFaultSpec('drop=0.2,duplicate=0.2,corrupt=0.2,delay=5ms', '11')
    const input = batch(200)
    const plan = planEventWrites(input, spec, at, new Set())
    const fates = input.map((c) => eventFate(spec, c.event))
    const ids = (kind: string) => input.filter((_, i) => fates[i]!.kind === kind).map((c) => c.event.id)
    const gt = (cls: string) => plan.groundTruth.filter((r) => r.class === cls).map((r) => r.event_id)

    expect(gt('drop')).toEqual(ids('drop'))
    expect(gt('duplicate')).toEqual(ids('duplicate'))
    expect(gt('corrupt')).toEqual(ids('corrupt'))
    expect(plan.documents.map((d) => d.event_id).filter((id) => ids('drop').includes(id))).toEqual([])
    for (const id of ids('duplicate')) expect(plan.documents.filter((d) => d.event_id === id)).toHaveLength(2)
    expect(plan.documents).toHaveLength(200 - ids('drop').length + ids('duplicate').length)
    // every written document was delayed, and says so
    expect(gt('delay')).toHaveLength(plan.documents.length)
  })

  it('writes the phantoms of a run once', () => {
    const spec = parseFaultSpec('phantom=2', '4')
    const seen = new Set<string>()
    const first = planEventWrites(batch(3), spec, at, seen)
    const second = planEventWrites(batch(3), spec, at, seen)
    expect(first.documents.map((d) => d._id)).toEqual(expect.arrayContaining(phantomIds(spec, 'run-a')))
    expect(first.groundTruth.map((r) => [r.class, r.event_id])).toEqual(phantomIds(spec, 'run-a').map((id) => ['phantom', id]))
    expect(second.documents).toHaveLength(3)
    expect(second.groundTruth).toEqual([])
  })
})
