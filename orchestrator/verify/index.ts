// The verifier: after drain, proves for one run that MongoDB holds every committed event exactly
// once and intact, that references and projections are consistent, and measures every stage's
// latency — streaming and set-based, in constant memory (docs/verifier.md):
//   1. scan the run's MongoDB documents (and read the tail's spill) into external sorts by id;
//   2. merge-join them with Postgres' committed events, read in id order through a cursor;
//   3. sort the reference edges the merge emitted by entity and resolve them;
//   4. per projection, merge Postgres' events per entity with the projection documents.
// Usage: const result = await verifyRun({ connections, profile, runId, tail }) — writes
// <reportDir>/verification.json and findings.jsonl; result.pass is the verdict.
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { MongoClient } from 'mongodb'
import { readSpill } from '../tail/spill.ts'
import { loadTailResult } from '../tail/load-result.ts'
import type { TailResult } from '../tail/types.ts'
import { buildChecks } from './checks.ts'
import { estimateClocks } from './clocks.ts'
import { FieldChecker } from './fields.ts'
import { FindingSink } from './findings.ts'
import { mergeStreams } from './merge.ts'
import { mongoDocuments } from './mongo-source.ts'
import { PgSnapshot } from './pg-snapshot.ts'
import { isFerretdb } from './id-lookup.ts'
import { idExpression, postgresEvents } from './postgres-source.ts'
import { checkProjection, checkProjectionReferences, type ProjectionCounts } from './projections.ts'
import { checkReferences } from './references.ts'
import { type VerificationResult } from './result-schema.ts'
import { ExternalSorter, groupByKey } from './sort/external-sort.ts'
import type { VerifyOptions } from './types.ts'

export type { VerifyOptions, VerifyProgress, ArrivedOptions } from './types.ts'
export { countArrived, countCommitted } from './progress.ts'
export { openArrivals, type Arrivals, type ArrivalsOptions } from './arrivals.ts'
export { verificationJsonSchema, verificationSchema, type VerificationResult, type CheckResult, type Finding } from './result-schema.ts'

export const VERIFICATION_FILE = 'verification.json'
export const FINDINGS_FILE = 'findings.jsonl'

export async function verifyRun(o: VerifyOptions): Promise<VerificationResult> {
  const t0 = performance.now()
  const started = new Date()
  const cutoff = o.cutoff ?? started
  const dir = o.reportDir ?? join('reports', o.runId)
  await mkdir(dir, { recursive: true })
  const log = o.log ?? (() => undefined)
  const progress = o.onProgress ?? (() => undefined)
  const checkpoint = (): void => {
    if (o.signal?.aborted) throw new Error(`verification of run ${o.runId} interrupted`)
  }
  const tail: TailResult | null = typeof o.tail === 'string' ? await loadTailResult(o.tail) : (o.tail ?? null)
  if (tail && tail.runId !== o.runId) throw new Error(`the tail result is for run ${tail.runId}, not ${o.runId}`)
  const findings = new FindingSink(join(dir, FINDINGS_FILE), o.sampleSize ?? 20)
  const sort = { dir, chunkRecords: o.sortChunkRecords }
  const docs = new ExternalSorter(sort)
  const kafka = tail ? new ExternalSorter(sort) : null
  const edges = new ExternalSorter(sort)
  const projectionEdges = new ExternalSorter(sort)
  const pg = await PgSnapshot.open(o.connections.postgres.url)
  const mongo = new MongoClient(o.connections.mongo.url, { appName: 'eventload-verify', serverSelectionTimeoutMS: 10_000 })
  try {
    await mongo.connect()
    const db = mongo.db(o.connections.mongo.database)
    const clocks = await estimateClocks(pg, db)
    const fields = new FieldChecker(o.profile)

    // 1. MongoDB documents and the tail's records, each into its sort (concurrently).
    let noEventId = 0
    const scanMongo = async () => {
      let n = 0
      for await (const { eventId, record } of mongoDocuments(db.collection(o.profile.mongo.collection), o.profile, o.runId, fields)) {
        if (eventId === null) {
          noEventId++
          await findings.add({ check: 'phantoms', class: 'phantom', eventId: null, documentId: record.d, detail: `document without an event id (${o.profile.mongo.fields.eventId})` })
        } else await docs.add(eventId, JSON.stringify(record))
        if (++n % 10_000 === 0) {
          checkpoint()
          progress({ phase: 'mongo', done: n })
        }
      }
      log(`verify: ${n} documents of run ${o.runId} read from MongoDB`)
    }
    const readTail = async () => {
      if (!tail || !kafka) return
      for (const f of tail.spill.files) {
        for await (const e of readSpill(f.path, f.types, f.topics)) {
          await kafka.add(e.eventId, `${e.type}\t${e.kafkaTs}\t${e.seenAt}`)
        }
      }
    }
    let phaseStart = performance.now()
    log(`verify: connected, clocks measured in ${((phaseStart - t0) / 1000).toFixed(1)} s`)
    const phaseDone = (what: string): void => {
      const now = performance.now()
      log(`verify: ${what} in ${((now - phaseStart) / 1000).toFixed(1)} s`)
      phaseStart = now
    }
    await Promise.all([scanMongo(), readTail()])
    phaseDone('MongoDB scan (and tail spill read)')

    // 2. The merge-join against Postgres.
    const merged = await mergeStreams(
      {
        postgres: postgresEvents(pg, o.profile, o.runId),
        mongo: groupByKey(docs.sorted()),
        kafka: kafka ? groupByKey(kafka.sorted()) : null,
      },
      {
        cutoffMs: cutoff.getTime(),
        lateAfterMs: o.lateAfterMs,
        intervalMs: o.intervalMs,
        findings,
        references: edges,
        onProgress: (done) => {
          checkpoint()
          progress({ phase: 'merge', done })
        },
      },
    )
    await docs.cleanup()
    await kafka?.cleanup()
    phaseDone(`merge-join with Postgres (${merged.counts.committed} committed events)`)

    // 3. References between events.
    checkpoint()
    progress({ phase: 'references', done: 0 })
    const references = await checkReferences(edges, findings)
    await edges.cleanup()
    phaseDone(`references (${edges.count} edges)`)

    // 4. Projections.
    let projections: ProjectionCounts[] | null = null
    let projectionReferences: { references: number; orphans: number } | null = null
    if (o.profile.projections.length > 0) {
      checkpoint()
      progress({ phase: 'projections', done: 0 })
      const idExpr = await idExpression(pg, o.profile)
      const perIdLookup = await isFerretdb(db)
      const ctx = { pg, mongo: db, profile: o.profile, runId: o.runId, idExpr, findings, dir, chunkRecords: o.sortChunkRecords, edges: projectionEdges, perIdLookup }
      projections = []
      for (const proj of o.profile.projections) projections.push(await checkProjection(ctx, proj))
      projectionReferences = await checkProjectionReferences(projectionEdges, findings)
      phaseDone(`projections (${o.profile.projections.length})`)
    }

    progress({ phase: 'report', done: 0 })
    const checks = buildChecks({
      merge: merged.counts, references, projections, projectionReferences, hasTail: tail !== null, lateAfterMs: o.lateAfterMs,
      expectedEvents: o.expectedEvents, noEventIdDocuments: noEventId, findings,
    })
    await findings.close()
    const notes = latencyNotes(merged.counts, tail)
    const finished = new Date()
    const result: VerificationResult = {
      version: 1,
      runId: o.runId,
      profile: o.profile.name,
      pass: checks.every((c) => c.pass),
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      cutoff: cutoff.toISOString(),
      counts: { committed: merged.counts.committed, documents: merged.counts.documents + noEventId, arrived: merged.counts.arrived, expected: o.expectedEvents ?? null },
      checks,
      latency: { stages: merged.stages.map((s) => s.serialize()), notes },
      clocks,
      tail: tail ? { files: tail.spill.files.map((f) => f.file), records: tail.spill.records, uniqueEvents: tail.counts.uniqueEvents, duplicateRecords: tail.counts.duplicateRecords } : null,
      findingsFile: FINDINGS_FILE,
      findings: findings.perClass(),
    }
    await writeVerification(join(dir, VERIFICATION_FILE), result)
    phaseDone('report')
    return result
  } finally {
    const closing = performance.now()
    await Promise.allSettled([docs.cleanup(), kafka?.cleanup(), edges.cleanup(), projectionEdges.cleanup()])
    await findings.close().catch(() => undefined)
    await pg.close().catch(() => undefined)
    await mongo.close().catch(() => undefined)
    log(`verify: closed in ${((performance.now() - closing) / 1000).toFixed(1)} s; total ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
}

function latencyNotes(c: { noProcessedAt: number; noKafkaTimestamp: number; missing: number }, tail: TailResult | null): string[] {
  const notes = [
    'Latencies are milliseconds from HDR histograms (3 significant digits); negative deltas (clock skew) are counted and recorded as 0.',
    'Events still missing at the cutoff are censored samples recorded at (cutoff - start): percentiles from lowerBoundFromPercentile up are lower bounds.',
    'end-to-end-from-scheduled starts at the time the load generator meant to send the event, so it includes any lag of the generator itself (coordinated omission).',
  ]
  if (!tail) notes.push('No tail: postgres->kafka is not measured, and kafka->mongo uses only the Kafka timestamp stored in each document.')
  if (c.noProcessedAt > 0) notes.push(`${c.noProcessedAt} documents have no processed_at: they are not in the kafka->mongo and end-to-end samples.`)
  if (c.noKafkaTimestamp > 0) notes.push(`${c.noKafkaTimestamp} documents have no Kafka timestamp (none stored, none seen by the tail): not in the kafka->mongo samples.`)
  return notes
}

/** Writes verification.json (stable key order, trailing newline). */
export async function writeVerification(path: string, result: VerificationResult): Promise<string> {
  await writeFile(path, JSON.stringify(result, null, 2) + '\n')
  return resolve(path)
}
