// Projections (one document per entity, folded from its events): per entity, the events the
// run committed for it (Postgres, in per-aggregate order) against what the projection applied
// (its history) — a missing entity or event, an event applied ahead of one committed before it
// (reorder), and a final state that is not the last committed version (stale). Reference
// fields between projections must name existing documents. Both sides stream in entity order:
// Postgres sorts, the MongoDB side goes through the external sort.
import type { Db, Document } from 'mongodb'
import type { PipelineProfile, ProjectionProfile } from '../profile/schema.ts'
import { ident, qualifiedTable, rowPathText } from '../profile/sql.ts'
import { canonicalJson } from './canonical.ts'
import type { FindingSink } from './findings.ts'
import { normalizeId, readPath, valuesAtPath } from './normalize.ts'
import type { PgSnapshot } from './pg-snapshot.ts'
import { idLookup } from './id-lookup.ts'
import type { Finding } from './result-schema.ts'
import { compareKeys } from './sort/compare.ts'
import { ExternalSorter, groupByKey } from './sort/external-sort.ts'

export interface ProjectionCounts {
  collection: string
  entities: number
  documents: number
  lookedUp: number
  missingEntities: number
  missingEvents: number
  phantomEntities: number
  reorders: number
  stale: number
  foreignEntries: number
}

interface EntityDoc {
  h: string[] | null
  l: string | null
  s: Record<string, string>
}

interface Expected {
  id: string
  type: string
}

const LOOKUP_BATCH = 500

const entityIdOf = (v: unknown): string | null => (typeof v === 'string' ? v : normalizeId(v))

export interface ProjectionContext {
  pg: PgSnapshot
  mongo: Db
  profile: PipelineProfile
  runId: string
  idExpr: string
  findings: FindingSink
  dir: string
  chunkRecords: number | undefined
  /** existence and reference edges between projections, checked after all of them */
  edges: ExternalSorter
  /**
   * Look entities up one `_id` per query (FerretDB: its `$in` decodes the whole collection, so
   * each batch of lookups would be another pass over it) rather than by `$in` batches.
   */
  perIdLookup: boolean
}

export async function checkProjection(ctx: ProjectionContext, proj: ProjectionProfile): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = {
    collection: proj.collection, entities: 0, documents: 0, lookedUp: 0, missingEntities: 0, missingEvents: 0, phantomEntities: 0, reorders: 0, stale: 0, foreignEntries: 0,
  }
  const collection = ctx.mongo.collection(proj.collection)
  const byId = idLookup(collection, ctx.perIdLookup)
  const sorter = new ExternalSorter({ dir: ctx.dir, chunkRecords: ctx.chunkRecords })
  try {
    // No projection (FerretDB applies it slowly, see mongo-source.ts).
    const cursor = collection.find({ [proj.runIdField]: ctx.runId }, { batchSize: 5_000 })
    for await (const doc of cursor) {
      const id = entityIdOf(doc._id)
      if (id === null) continue
      counts.documents++
      await sorter.add(id, JSON.stringify(reduce(doc, proj)))
      await emitEdges(ctx.edges, proj, id, doc)
    }
    const pending: { entity: string; expected: Expected[] }[] = []
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return
      const batch = pending.splice(0)
      const found = new Map<string, Document>()
      for (const doc of await byId.find(batch.map((b) => b.entity))) {
        const id = entityIdOf(doc._id)
        if (id !== null) found.set(id, doc)
      }
      for (const b of batch) {
        const doc = found.get(b.entity)
        if (doc) {
          counts.lookedUp++
          await emitEdges(ctx.edges, proj, b.entity, doc)
          await judge(ctx, proj, counts, b.entity, b.expected, reduce(doc, proj))
        } else {
          counts.missingEntities++
          await ctx.findings.add({
            check: 'projections', class: 'projection-missing', eventId: b.expected[0]!.id, collection: proj.collection, entityId: b.entity,
            detail: `no ${proj.collection} document for ${b.entity} (${b.expected.length} committed event(s) feed it)`,
          })
        }
      }
    }

    type PgGroup = { entity: string; expected: Expected[] }
    type MongoGroup = { key: string; values: string[] }
    const pg: AsyncIterator<PgGroup> = expectedByEntity(ctx, proj)[Symbol.asyncIterator]()
    const mg: AsyncIterator<MongoGroup> = groupByKey(sorter.sorted())[Symbol.asyncIterator]()
    let p: IteratorResult<PgGroup> = await pg.next()
    let m: IteratorResult<MongoGroup> = await mg.next()
    for (;;) {
      const pgHead: PgGroup | null = p.done ? null : p.value
      const mongoHead: MongoGroup | null = m.done ? null : m.value
      if (!pgHead && !mongoHead) break
      const cmp = !pgHead ? 1 : !mongoHead ? -1 : compareKeys(pgHead.entity, mongoHead.key)
      if (cmp < 0 && pgHead) {
        counts.entities++
        pending.push(pgHead)
        if (pending.length >= LOOKUP_BATCH) await flush()
        p = await pg.next()
      } else if (cmp > 0 && mongoHead) {
        counts.phantomEntities++
        await ctx.findings.add({
          check: 'projections', class: 'phantom', eventId: null, collection: proj.collection, entityId: mongoHead.key,
          detail: `a ${proj.collection} document of the run that no committed event feeds`,
        })
        m = await mg.next()
      } else if (pgHead && mongoHead) {
        counts.entities++
        await judge(ctx, proj, counts, pgHead.entity, pgHead.expected, JSON.parse(mongoHead.values[0]!) as EntityDoc)
        p = await pg.next()
        m = await mg.next()
      }
    }
    await flush()
  } finally {
    await sorter.cleanup()
  }
  return counts
}

function reduce(doc: Document, proj: ProjectionProfile): EntityDoc {
  const history = proj.history ? readPath(doc, proj.history.field) : undefined
  const h = Array.isArray(history) ? history.map((e) => normalizeId(readPath(e, proj.history!.eventIdField)) ?? '') : null
  const last = proj.lastEventField ? normalizeId(readPath(doc, proj.lastEventField)) : null
  const s: Record<string, string> = {}
  for (const st of proj.state) s[st.field] = canonicalJson(readPath(doc, st.field))
  return { h, l: last, s }
}

async function emitEdges(edges: ExternalSorter, proj: ProjectionProfile, id: string, doc: Document): Promise<void> {
  await edges.add(`${proj.collection}\u0000${id}`, 'E')
  for (const ref of proj.references) {
    for (const v of valuesAtPath(doc, ref.field)) await edges.add(`${ref.collection}\u0000${v}`, `R\t${proj.collection}\t${id}\t${ref.field}`)
  }
}

/** The run's events per entity of this projection, in entity order, each entity's events in per-aggregate order. */
async function* expectedByEntity(ctx: ProjectionContext, proj: ProjectionProfile): AsyncGenerator<{ entity: string; expected: Expected[] }> {
  const c = ctx.profile.postgres.columns
  const params: unknown[] = [ctx.runId]
  const cases = Object.entries(proj.feeds).map(([type, path]) => {
    params.push(type)
    const typeParam = params.length
    return `WHEN ${ident(c.type)} = $${typeParam} THEN ${rowPathText(path, params)}`
  })
  params.push(Object.keys(proj.feeds))
  const types = params.length
  // Per-aggregate order: seq when the table has one, then the insert time.
  const orderColumns = [c.seq, c.createdAt].filter((x): x is string => !!x).map(ident)
  const sql =
    `SELECT ent, id, type FROM (SELECT CASE ${cases.join(' ')} END AS ent, ${ctx.idExpr}::text AS id, ${ident(c.type)}::text AS type, ` +
    `${orderColumns.map((col, i) => `${col} AS o${i}`).join(', ')} FROM ${qualifiedTable(ctx.profile)} ` +
    `WHERE ${ident(c.runId)} = $1 AND ${ident(c.type)} = ANY($${types}::text[])) q ` +
    `WHERE ent IS NOT NULL ORDER BY ent COLLATE "C", ${orderColumns.map((_, i) => `o${i}`).join(', ')}, id COLLATE "C"`
  let entity: string | undefined
  let expected: Expected[] = []
  for await (const row of ctx.pg.rows<{ ent: string; id: string; type: string }>(sql, params)) {
    if (entity !== undefined && row.ent !== entity) {
      yield { entity, expected }
      expected = []
    }
    entity = row.ent
    expected.push({ id: row.id, type: row.type })
  }
  if (entity !== undefined) yield { entity, expected }
}

async function judge(ctx: ProjectionContext, proj: ProjectionProfile, counts: ProjectionCounts, entity: string, expected: Expected[], doc: EntityDoc): Promise<void> {
  const where = { collection: proj.collection, entityId: entity }
  const rank = new Map(expected.map((e, i) => [e.id, i]))
  let cause: Finding['cause']
  let lastIsOurs = true
  if (doc.h) {
    const ours = doc.h.filter((id) => rank.has(id))
    counts.foreignEntries += doc.h.length - ours.length
    lastIsOurs = doc.h.length === 0 || rank.has(doc.h.at(-1)!)
    const applied = new Set(ours)
    for (const e of expected) {
      if (applied.has(e.id)) continue
      counts.missingEvents++
      cause = { class: 'projection-missing', eventId: e.id }
      await ctx.findings.add({ check: 'projections', class: 'projection-missing', eventId: e.id, type: e.type, ...where, detail: `${proj.collection} ${entity} never applied this event` })
    }
    // An event is reordered when an event committed before it was applied after it.
    let minAfter = Infinity
    let minAfterId = ''
    const reordered: { id: string; before: string }[] = []
    for (let i = ours.length - 1; i >= 0; i--) {
      const r = rank.get(ours[i]!)!
      if (r > minAfter) reordered.push({ id: ours[i]!, before: minAfterId })
      if (r < minAfter) {
        minAfter = r
        minAfterId = ours[i]!
      }
    }
    for (const x of reordered.reverse()) {
      counts.reorders++
      cause = { class: 'reorder', eventId: x.id }
      await ctx.findings.add({
        check: 'order', class: 'reorder', eventId: x.id, type: expected[rank.get(x.id)!]!.type, ...where,
        detail: `${proj.collection} ${entity} applied it before ${x.before}, which was committed earlier`,
      })
    }
  }
  if (!lastIsOurs) return // another run's event came last: its state is not ours to judge
  const last = expected.at(-1)!
  const problems: string[] = []
  if (proj.lastEventField && doc.l !== last.id) problems.push(`${proj.lastEventField} is ${doc.l ?? 'missing'}, the last committed event is ${last.id}`)
  for (const st of proj.state) {
    const decisive = [...expected].reverse().find((e) => Object.hasOwn(st.byType, e.type))
    if (!decisive) continue
    const want = canonicalJson(st.byType[decisive.type])
    if (doc.s[st.field] !== want) problems.push(`${st.field} is ${doc.s[st.field]}, expected ${want} after ${decisive.type} ${decisive.id}`)
  }
  if (problems.length === 0) return
  counts.stale++
  await ctx.findings.add({ check: 'order', class: 'stale', eventId: last.id, type: last.type, ...where, ...(cause ? { cause } : {}), detail: problems.join('; ') })
}

/** References between projections: each must name an existing document of its target. */
export async function checkProjectionReferences(edges: ExternalSorter, findings: FindingSink): Promise<{ references: number; orphans: number }> {
  let references = 0
  let orphans = 0
  for await (const { key, values } of groupByKey(edges.sorted())) {
    const exists = values.includes('E')
    for (const v of values) {
      if (v === 'E') continue
      references++
      if (exists) continue
      orphans++
      const [, from = '', id = '', field = ''] = v.split('\t')
      const [target = '', value = ''] = key.split('\u0000')
      await findings.add({
        check: 'projections', class: 'orphan', eventId: null, collection: from, entityId: id,
        detail: `${from} ${id}: ${field} names ${target} ${value}, which does not exist`,
      })
    }
  }
  return { references, orphans }
}
