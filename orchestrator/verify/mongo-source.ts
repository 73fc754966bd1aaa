// The documents of a run, from MongoDB, reduced to what the checks need and fed to an external
// sort by event id. One plain scan filtered on the run id: no server-side sort, because a
// MongoDB-wire store may not have one that scales (FerretDB 1.x sorts in memory).
import type { Collection, Document } from 'mongodb'
import type { PipelineProfile } from '../profile/schema.ts'
import { canonicalJson, contentHash } from './canonical.ts'
import type { FieldChecker } from './fields.ts'
import { normalizeId, readPath, toEpochMs, valuesAtPath } from './normalize.ts'
import { entityKey } from './postgres-source.ts'
import { prefetch } from './prefetch.ts'

/** One document, as the sort keeps it (short keys: there may be millions). */
export interface DocRecord {
  /** _id */
  d: string
  /** type */
  t: string | null
  /** payload content hash (null when the payload is missing or not decodable) */
  h: string | null
  /** processed_at, Kafka timestamp, created_at, scheduled_at: epoch ms or null */
  p: number | null
  k: number | null
  c: number | null
  s: number | null
  /** required-field problems */
  f?: string[]
  /** entity keys the document creates and references (profile.events[type]) */
  cr?: string[]
  rf?: string[]
}

export interface ScannedDoc {
  eventId: string | null
  record: DocRecord
}

const num = (ms: number): number | null => (Number.isFinite(ms) ? ms : null)

/** Reduces one document; `payload` is decoded in place when the profile stores it as JSON text. */
export function reduceDocument(doc: Document, profile: PipelineProfile, fields: FieldChecker): ScannedDoc {
  const f = profile.mongo.fields
  let payloadOk = true
  if (profile.mongo.payloadEncoding === 'json-string') {
    const raw = readPath(doc, f.payload)
    if (typeof raw === 'string') {
      try {
        setPath(doc, f.payload, JSON.parse(raw))
      } catch {
        payloadOk = false
      }
    } else payloadOk = false
  }
  const payload = readPath(doc, f.payload)
  const typeValue = f.type ? readPath(doc, f.type) : undefined
  const type = typeof typeValue === 'string' ? typeValue : null
  const problems = fields.check(doc, type)
  if (!payloadOk) problems.push(`${f.payload}: not decodable JSON text`)
  const spec = type !== null ? profile.events[type] : undefined
  const record: DocRecord = {
    d: normalizeId(doc._id) ?? canonicalJson(doc._id),
    t: type,
    h: payload === undefined || !payloadOk ? null : contentHash(payload),
    p: f.processedAt ? num(toEpochMs(readPath(doc, f.processedAt))) : null,
    k: f.kafkaTimestamp ? num(toEpochMs(readPath(doc, f.kafkaTimestamp))) : null,
    c: f.createdAt ? num(toEpochMs(readPath(doc, f.createdAt))) : null,
    s: f.scheduledAt ? num(toEpochMs(readPath(doc, f.scheduledAt))) : null,
  }
  if (problems.length) record.f = problems
  if (spec?.creates) record.cr = valuesAtPath(payload, spec.creates.path).map((v) => entityKey(spec.creates!.entity, v))
  if (spec?.references.length) record.rf = spec.references.flatMap((r) => valuesAtPath(payload, r.path).map((v) => entityKey(r.entity, v)))
  return { eventId: normalizeId(readPath(doc, f.eventId)), record }
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.')
  let at: Record<string, unknown> = doc
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>
  at[parts.at(-1)!] = value
}

export async function* mongoDocuments(events: Collection, profile: PipelineProfile, runId: string, fields: FieldChecker): AsyncGenerator<ScannedDoc> {
  // No projection: FerretDB 1.x applies one after reading each document, which makes the scan
  // slower (measured: 20k documents 14 s full, 20 s projected), and the documents are small.
  const cursor = events.find({ [profile.mongo.fields.runId]: runId }, { batchSize: 5_000 })
  try {
    for await (const doc of prefetch(cursor, 10_000)) yield reduceDocument(doc, profile, fields)
  } finally {
    await cursor.close()
  }
}
