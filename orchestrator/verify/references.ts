// Referential integrity over the events of a run, from the reference edges the merge emitted,
// sorted by entity: every reference (R) must resolve to a document that creates the entity (C).
// An unresolved one is an orphan; when the entity's creating event was committed (P) but is
// missing or corrupt in MongoDB, or the child itself is corrupt, the orphan says so (`cause`):
// it is a consequence, not a second fault. A reference that resolved only after the child had
// arrived was orphaned for a while: that time is measured (time to consistency), not failed.
import { LatencyHistogram, type LatencySummary } from '../latency/histogram.ts'
import type { FindingSink } from './findings.ts'
import type { Finding } from './result-schema.ts'
import { groupByKey, type ExternalSorter } from './sort/external-sort.ts'

export interface ReferenceResult {
  references: number
  entities: number
  orphans: number
  orphansExplained: number
  orphanedForAWhile: number
  orphanedFor: LatencySummary
  /** the longest-orphaned references (child event, entity, ms) */
  longestOrphaned: { eventId: string; entity: string; ms: number }[]
}

const KEEP_LONGEST = 10

export async function checkReferences(edges: ExternalSorter, findings: FindingSink): Promise<ReferenceResult> {
  const orphanedFor = new LatencyHistogram()
  const out: Omit<ReferenceResult, 'orphanedFor'> = { references: 0, entities: 0, orphans: 0, orphansExplained: 0, orphanedForAWhile: 0, longestOrphaned: [] }
  for await (const { key, values } of groupByKey(edges.sorted())) {
    out.entities++
    let firstCreated = Infinity
    let created = false
    let parent: { eventId: string; status: string } | null = null
    const refs: { eventId: string; at: number; selfCorrupt: boolean }[] = []
    for (const v of values) {
      const [kind, eventId = '', a = '', b = ''] = v.split('\t')
      if (kind === 'C') {
        created = true
        const at = Number(a)
        if (Number.isFinite(at)) firstCreated = Math.min(firstCreated, at)
      } else if (kind === 'P') {
        // A committed creator that arrived intact wins over a missing or corrupt one.
        if (!parent || parent.status !== 'ok') parent = { eventId, status: a }
      } else if (kind === 'R') refs.push({ eventId, at: Number(a), selfCorrupt: b === '1' })
    }
    if (refs.length === 0) continue
    out.references += refs.length
    const [entity = '', id = ''] = key.split('\u0000')
    for (const r of refs) {
      if (!created) {
        out.orphans++
        let cause: Finding['cause']
        if (r.selfCorrupt) cause = { class: 'corrupt', eventId: r.eventId }
        else if (parent && parent.status !== 'ok') cause = { class: parent.status === 'missing' ? 'missing' : 'corrupt', eventId: parent.eventId }
        if (cause) out.orphansExplained++
        await findings.add({
          check: 'references', class: 'orphan', eventId: r.eventId, entityId: id, collection: entity,
          ...(cause ? { cause } : {}),
          detail: cause
            ? `references ${entity} ${id}, which no document of the run creates (${cause.eventId === r.eventId ? 'this document is corrupt' : `its creating event ${cause.eventId} is ${cause.class}`})`
            : `references ${entity} ${id}, which no event of the run creates`,
        })
      } else if (Number.isFinite(r.at) && r.at < firstCreated) {
        const ms = firstCreated - r.at
        out.orphanedForAWhile++
        orphanedFor.record(ms)
        out.longestOrphaned.push({ eventId: r.eventId, entity: `${entity} ${id}`, ms })
        if (out.longestOrphaned.length > KEEP_LONGEST * 2) {
          out.longestOrphaned.sort((x, y) => y.ms - x.ms)
          out.longestOrphaned.length = KEEP_LONGEST
        }
      }
    }
  }
  out.longestOrphaned.sort((x, y) => y.ms - x.ms)
  out.longestOrphaned.length = Math.min(out.longestOrphaned.length, KEEP_LONGEST)
  return { ...out, orphanedFor: orphanedFor.summary() }
}
