import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eventFate, phantomIds, reorderSelected } from '../../processor/faults/decide.ts'
import { derivedUuid, draw } from '../../processor/faults/draw.ts'
import { GroundTruthLog, recordKey } from '../../processor/faults/ground-truth.ts'
import { isActive, NO_FAULTS, parseFaultSpec } from '../../processor/faults/plan.ts'

describe('parseFaultSpec', () => {
  it('parses the spec from the issue', () => {
    const plan = parseFaultSpec('drop=0.01,duplicate=0.005,corrupt=0.002,delay=50ms,reorder=0.01,phantom=3', '42')
    expect(plan).toEqual({ drop: 0.01, duplicate: 0.005, corrupt: 0.002, delayMs: 50, reorder: 0.01, phantom: 3, seed: '42' })
    expect(isActive(plan)).toBe(true)
    expect(isActive(NO_FAULTS)).toBe(false)
  })

  it('accepts percents, seconds, spaces and a seed in the spec', () => {
    expect(parseFaultSpec(' drop = 2% , delay=1.5s, seed=abc ', '7')).toMatchObject({ drop: 0.02, delayMs: 1500, seed: 'abc' })
    expect(parseFaultSpec('delay=20')).toMatchObject({ delayMs: 20 })
  })

  it.each([
    ['lose=0.1', /unknown fault "lose": valid faults are drop, duplicate/],
    ['drop', /write it as key=value/],
    ['drop=1.5', /between 0 and 1/],
    ['drop=-0.1', /between 0 and 1/],
    ['delay=fast', /not a duration/],
    ['phantom=2.5', /whole number/],
    ['drop=0.1,drop=0.2', /given twice/],
    ['drop=0.6,duplicate=0.3,corrupt=0.2', /> 1: an event gets at most one/],
    ['seed=', /seed is empty/],
  ])('refuses %s with the fix', (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message)
  })
})

describe('seeded draws', () => {
  it('are pure functions of their parts', () => {
    expect(draw('1', 'fate', 'e')).toBe(draw('1', 'fate', 'e'))
    expect(draw('1', 'fate', 'e')).not.toBe(draw('2', 'fate', 'e'))
    expect(derivedUuid('s', 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('are close to uniform (10,000 draws into 10 bins)', () => {
    const bins = new Array<number>(10).fill(0)
    for (let i = 0; i < 10_000; i++) bins[Math.floor(draw('seed', 'u', String(i)) * 10)]!++
    // binomial(10000, 0.1): sd = 30, so ±150 is five standard deviations
    for (const n of bins) expect(Math.abs(n - 1000)).toBeLessThan(150)
  })
})

describe('eventFate', () => {
  const plan = parseFaultSpec('drop=0.1,duplicate=0.1,corrupt=0.1', '9')
  const events = Array.from({ length: 3000 }, (_, i) => ({ id: `ev-${i}`, payload: { n: i, s: 'x', b: true, o: { k: 1 } } }))

  it('lands near the configured rates, each event getting at most one fate', () => {
    const counts = { write: 0, drop: 0, duplicate: 0, corrupt: 0 }
    for (const e of events) counts[eventFate(plan, e).kind]++
    for (const k of ['drop', 'duplicate', 'corrupt'] as const) expect(Math.abs(counts[k] - 300)).toBeLessThan(90)
    expect(counts.write + counts.drop + counts.duplicate + counts.corrupt).toBe(3000)
  })

  it('is the same for the same seed and event, and differs across seeds', () => {
    const again = events.map((e) => eventFate(plan, e))
    expect(events.map((e) => eventFate(plan, e))).toEqual(again)
    const other = parseFaultSpec('drop=0.1,duplicate=0.1,corrupt=0.1', '10')
    expect(events.map((e) => eventFate(other, e).kind)).not.toEqual(again.map((f) => f.kind))
  })

  it('corrupts exactly one payload field to a different value', () => {
    for (const e of events) {
      const fate = eventFate(plan, e)
      if (fate.kind !== 'corrupt') continue
      const before = e.payload as Record<string, unknown>
      const after = fate.payload as Record<string, unknown>
      const changed = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      expect(changed).toEqual([fate.field])
      expect(after[fate.field]).toEqual(fate.corrupted)
    }
  })

  it('adds a field when the payload has none to change', () => {
    const all = parseFaultSpec('corrupt=1', '1')
    expect(eventFate(all, { id: 'x', payload: {} })).toMatchObject({ field: '__corrupted', payload: { __corrupted: true } })
    expect(eventFate(all, { id: 'x', payload: null })).toMatchObject({ payload: { __corrupted: true } })
  })

  it('derives duplicate and phantom ids from the seed', () => {
    const dup = parseFaultSpec('duplicate=1', '5')
    const fate = eventFate(dup, { id: 'a' })
    expect(fate).toEqual(eventFate(dup, { id: 'a' }))
    expect(fate.kind === 'duplicate' && fate.duplicateId).not.toBe('a')
    const ph = parseFaultSpec('phantom=3', '5')
    expect(phantomIds(ph, 'run-1')).toEqual(phantomIds(ph, 'run-1'))
    expect(new Set([...phantomIds(ph, 'run-1'), ...phantomIds(ph, 'run-2')]).size).toBe(6)
  })

  it('selects reorders at the configured rate', () => {
    const r = parseFaultSpec('reorder=0.2', '3')
    const n = events.filter((e) => reorderSelected(r, e.id)).length
    expect(Math.abs(n - 600)).toBeLessThan(120)
    expect(reorderSelected(NO_FAULTS, 'x')).toBe(false)
  })
})

describe('GroundTruthLog', () => {
  let dir = ''
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('appends each fault once, also across reopening', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gt-'))
    const path = join(dir, 'sub', 'faults.jsonl')
    const log = await GroundTruthLog.open(path)
    const drop = { class: 'drop', event_id: 'e1', run_id: 'r', details: {} } as const
    expect(await log.append([drop, drop])).toEqual([drop])
    const reopened = await GroundTruthLog.open(path)
    expect(await reopened.append([drop, { ...drop, class: 'delay', details: { ms: 5 } }])).toHaveLength(1)
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown)
    expect(lines).toEqual([drop, { ...drop, class: 'delay', details: { ms: 5 } }])
  })

  it('keeps faults of one class on one event apart by their subject', () => {
    const delay = (document_id: string) => ({ class: 'delay' as const, event_id: 'e', run_id: null, details: { ms: 5, document_id } })
    const reorder = (collection: string) => ({ class: 'reorder' as const, event_id: 'e', run_id: null, details: { collection, entity_id: 'x' } })
    expect(recordKey(delay('e'))).not.toBe(recordKey(delay('dup-of-e')))
    expect(recordKey(reorder('orders'))).not.toBe(recordKey(reorder('payments')))
    expect(recordKey({ class: 'drop', event_id: 'e', details: {} })).toBe(recordKey({ class: 'drop', event_id: 'e', details: {} }))
  })

  it('refuses a file that is not a ground-truth log', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gt-'))
    const path = join(dir, 'x.jsonl')
    await writeFile(path, 'hello\n')
    await expect(GroundTruthLog.open(path)).rejects.toThrow(/x.jsonl:1 is not a ground-truth JSON line/)
  })
})
