// The merge-join's judgement on synthetic, already sorted streams: one event per situation.
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { FindingSink } from '../../orchestrator/verify/findings.ts'
import { mergeStreams } from '../../orchestrator/verify/merge.ts'
import type { DocRecord } from '../../orchestrator/verify/mongo-source.ts'
import { entityKey, type PgEvent } from '../../orchestrator/verify/postgres-source.ts'
import { checkReferences } from '../../orchestrator/verify/references.ts'
import { ExternalSorter } from '../../orchestrator/verify/sort/external-sort.ts'

function from<T>(items: T[]): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => (async function* () {
    for (const i of items) yield await Promise.resolve(i)
  })() }
}

const T0 = 1_767_600_000_000
const ev = (id: string, extra: Partial<PgEvent> = {}): PgEvent => ({ id, type: 'order_placed', createdAt: T0, scheduledAt: T0 - 5, seq: null, hash: `h-${id}`, creates: [], ...extra })
const doc = (id: string, extra: Partial<DocRecord> = {}): DocRecord => ({ d: id, t: 'order_placed', h: `h-${id}`, p: T0 + 30, k: T0 + 10, c: T0, s: T0 - 5, ...extra })
const group = (key: string, values: unknown[]) => ({ key, values: values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) })
const seen = (type = 'order_placed', kafkaTs = T0 + 10) => `${type}\t${kafkaTs}\t${kafkaTs + 1}`

async function run(pg: PgEvent[], mongo: { key: string; values: string[] }[], kafka: { key: string; values: string[] }[] | null, lateAfterMs?: number) {
  const findings = new FindingSink(null, 100)
  const references = new ExternalSorter({ dir: tmpdir() })
  const result = await mergeStreams(
    { postgres: from(pg), mongo: from(mongo), kafka: kafka ? from(kafka) : null },
    { cutoffMs: T0 + 60_000, lateAfterMs, intervalMs: 1000, findings, references },
  )
  return { result, findings, references }
}

describe('mergeStreams', () => {
  it('classifies each event id and locates losses with the tail view', async () => {
    const pg = [ev('a'), ev('b'), ev('c'), ev('d'), ev('e'), ev('f')]
    const mongo = [
      group('a', [doc('a')]),
      group('c', [doc('c'), doc('c-dup', { h: 'h-c', p: T0 + 40 })]),
      group('d', [doc('d', { h: 'different' })]),
      group('e', [doc('e', { f: ['payload.total: expected number, got a string'] })]),
      group('x', [doc('x')]),
    ]
    const kafka = [group('a', [seen()]), group('b', [seen()]), group('c', [seen(), seen()]), group('d', [seen()]), group('e', [seen()]), group('y', [seen()])]
    const { result, findings } = await run(pg, mongo, kafka)
    const c = result.counts
    expect(c).toMatchObject({ committed: 6, arrived: 4, missing: 2, missingAtKafkaToMongo: 1, missingAtPgToKafka: 1, duplicateEvents: 1, duplicatesFromKafka: 1, corrupt: 1, fieldProblems: 1, phantomEvents: 1, kafkaPhantoms: 1 })
    const by = (check: string) => findings.samples(check as never).map((f) => `${f.eventId}:${f.class}:${f.stage ?? '-'}`)
    expect(by('completeness')).toEqual(['b:missing:kafka->mongo', 'f:missing:postgres->kafka'])
    expect(by('duplicates')).toEqual(['c:duplicate:postgres->kafka'])
    expect(by('content')).toEqual(['d:corrupt:-'])
    expect(by('fields')).toEqual(['e:corrupt:-'])
    expect(by('phantoms')).toEqual(['x:phantom:kafka->mongo', 'y:phantom:postgres->kafka'])
  })

  it('measures every stage, censors what never arrived and counts negative deltas', async () => {
    const pg = [ev('a'), ev('b'), ev('c', { createdAt: T0 + 50 })]
    const mongo = [group('a', [doc('a')]), group('c', [doc('c', { p: T0 + 45, k: T0 + 40 })])]
    const { result } = await run(pg, mongo, null)
    const stage = (n: string) => result.stages.find((s) => s.name === n)!.overall.summary()
    expect(stage('kafka->mongo')).toMatchObject({ count: 2, censored: 0, min: 5, max: 20 })
    expect(stage('end-to-end')).toMatchObject({ count: 3, censored: 1, negative: 1, max: 60_000 })
    expect(stage('end-to-end-from-scheduled')).toMatchObject({ count: 3, censored: 1, min: 35 })
    expect(stage('scheduled->created').count).toBe(3)
    expect(result.stages.find((s) => s.name === 'postgres->kafka')).toBeUndefined() // no tail, no such stage
  })

  it('reports documents slower than the freshness limit, duplicates and phantoms included', async () => {
    const pg = [ev('a'), ev('b')]
    const mongo = [group('a', [doc('a', { p: T0 + 100 })]), group('b', [doc('b'), doc('b2', { h: 'h-b', p: T0 + 500 })]), group('z', [doc('z', { p: T0 + 900 })])]
    const { findings } = await run(pg, mongo, null, 50)
    expect(findings.samples('late').map((f) => `${f.eventId}/${f.documentId}`)).toEqual(['a/a', 'b/b2', 'z/z'])
  })

  it('refuses streams out of order instead of giving a wrong answer', async () => {
    await expect(run([ev('b'), ev('a')], [], null)).rejects.toThrow(/not in event-id order/)
  })
})

describe('checkReferences', () => {
  it('finds orphans, explains the ones a missing or corrupt parent causes, and measures time orphaned', async () => {
    const findings = new FindingSink(null, 100)
    const edges = new ExternalSorter({ dir: tmpdir(), chunkRecords: 3 })
    const cust = (id: string) => entityKey('customer', id)
    // c1: created at T0+100, referenced at T0+40 (orphaned 60 ms) and T0+200
    await edges.add(cust('c1'), `C\te1\t${T0 + 100}`)
    await edges.add(cust('c1'), `P\te1\tok`)
    await edges.add(cust('c1'), `R\to1\t${T0 + 40}\t0`)
    await edges.add(cust('c1'), `R\to2\t${T0 + 200}\t0`)
    // c2: its creating event is missing in MongoDB
    await edges.add(cust('c2'), `P\te2\tmissing`)
    await edges.add(cust('c2'), `R\to3\t${T0}\t0`)
    // c3: nobody ever created it
    await edges.add(cust('c3'), `R\to4\t${T0}\t0`)
    // c4: the child's own reference was corrupted
    await edges.add(cust('c4 (corrupted)'), `R\to5\t${T0}\t1`)
    const r = await checkReferences(edges, findings)
    expect(r).toMatchObject({ references: 5, orphans: 3, orphansExplained: 2, orphanedForAWhile: 1 })
    expect(r.orphanedFor).toMatchObject({ count: 1, max: 60 })
    const f = findings.samples('references')
    expect(f.map((x) => `${x.eventId}:${x.cause ? `${x.cause.class}/${x.cause.eventId}` : 'none'}`)).toEqual(['o3:missing/e2', 'o4:none', 'o5:corrupt/o5'])
  })
})
