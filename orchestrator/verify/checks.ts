// Turns the passes' counts and findings into verification.json's check list: one entry per
// check, pass/fail, counts and samples, or the reason it was skipped.
import type { FindingSink } from './findings.ts'
import type { MergeCounts } from './merge.ts'
import type { ProjectionCounts } from './projections.ts'
import type { ReferenceResult } from './references.ts'
import type { CheckName, CheckResult } from './result-schema.ts'

export const DESCRIPTIONS: Record<CheckName, string> = {
  completeness: 'every event committed in Postgres has a document in MongoDB',
  duplicates: 'no event id has more than one document',
  phantoms: 'every document of the run (and every Kafka record of the run) is explained by a committed event',
  fields: 'every document has the required fields of its type, with the right JSON types',
  content: 'the canonical JSON hash of each document payload equals the Postgres payload (and the type matches)',
  references: 'every reference in an event resolves to an entity an event of the run created (orphans), and how long children waited for their parents',
  projections: 'every entity the run fed has its projection document with every event applied, and references between projections resolve',
  order: 'projections applied each aggregate\'s events in commit order and end in the state of the last committed event',
  late: 'Kafka -> MongoDB within the freshness limit for every document',
  attribution: 'each missing or duplicated event located at Postgres->Kafka or Kafka->MongoDB from the tail\'s view',
}

export interface CheckInputs {
  merge: MergeCounts
  references: ReferenceResult
  projections: ProjectionCounts[] | null
  projectionReferences: { references: number; orphans: number } | null
  hasTail: boolean
  lateAfterMs: number | undefined
  expectedEvents: number | undefined
  noEventIdDocuments: number
  findings: FindingSink
}

export function buildChecks(i: CheckInputs): CheckResult[] {
  const f = i.findings
  const m = i.merge
  const check = (name: CheckName, pass: boolean, counts: Record<string, number>, skipped: string | null = null, description = DESCRIPTIONS[name]): CheckResult => ({
    name,
    description,
    pass: skipped !== null ? true : pass,
    skipped,
    counts,
    samples: f.samples(name),
  })
  const expectedOk = i.expectedEvents === undefined || i.expectedEvents === m.committed
  const completenessNote = m.committed === 0
    ? `${DESCRIPTIONS.completeness} — no events of this run are in Postgres: wrong run id, or wrong postgres table/columns in the profile?`
    : expectedOk
      ? DESCRIPTIONS.completeness
      : `${DESCRIPTIONS.completeness} — the load reported ${i.expectedEvents} events written but Postgres holds ${m.committed}`
  const checks: CheckResult[] = [
    check(
      'completeness',
      m.missing === 0 && m.committed > 0 && expectedOk,
      { committed: m.committed, arrived: m.arrived, missing: m.missing, ...(i.expectedEvents !== undefined ? { expected: i.expectedEvents } : {}) },
      null,
      completenessNote,
    ),
    check('duplicates', m.duplicateEvents === 0, { events: m.duplicateEvents, extraDocuments: m.duplicateDocuments }),
    check('phantoms', m.phantomEvents + m.kafkaPhantoms + i.noEventIdDocuments === 0, {
      events: m.phantomEvents, documents: m.phantomDocuments, kafkaOnly: m.kafkaPhantoms, documentsWithoutEventId: i.noEventIdDocuments,
    }),
    check('fields', m.fieldProblems === 0, { documents: m.fieldProblems }),
    check('content', m.corrupt + m.typeMismatch === 0, { payloadMismatch: m.corrupt, typeMismatch: m.typeMismatch }),
  ]
  const r = i.references
  checks.push({
    ...check('references', r.orphans === 0, {
      references: r.references, orphans: r.orphans, orphansExplained: r.orphansExplained, orphanedForAWhile: r.orphanedForAWhile,
    }),
    details: { orphanedFor: r.orphanedFor, longestOrphaned: r.longestOrphaned },
  })
  if (i.projections) {
    const sum = (k: keyof Omit<ProjectionCounts, 'collection'>) => i.projections!.reduce((n, p) => n + p[k], 0)
    const orphans = i.projectionReferences?.orphans ?? 0
    checks.push({
      ...check('projections', sum('missingEntities') + sum('missingEvents') + sum('phantomEntities') + orphans === 0, {
        entities: sum('entities'), documents: sum('documents'), lookedUpOutsideRun: sum('lookedUp'), missingEntities: sum('missingEntities'),
        missingEvents: sum('missingEvents'), phantomEntities: sum('phantomEntities'), references: i.projectionReferences?.references ?? 0, orphans,
      }),
      details: { perCollection: i.projections },
    })
    checks.push(check('order', sum('reorders') + sum('stale') === 0, { reorders: sum('reorders'), stale: sum('stale'), foreignHistoryEntries: sum('foreignEntries') }))
  } else {
    checks.push(check('projections', true, {}, 'the profile lists no projections'))
    checks.push(check('order', true, {}, 'the profile lists no projections'))
  }
  checks.push(
    i.lateAfterMs === undefined
      ? check('late', true, {}, 'no freshness limit given (--late-after)')
      : check('late', m.late === 0, { documents: m.late, limitMs: i.lateAfterMs }),
  )
  checks.push(
    i.hasTail
      ? check('attribution', true, {
        missingAtPostgresToKafka: m.missingAtPgToKafka, missingAtKafkaToMongo: m.missingAtKafkaToMongo,
        duplicatesFromKafka: m.duplicatesFromKafka, duplicatesAtKafkaToMongo: m.duplicatesAtKafkaToMongo,
        kafkaDuplicateEvents: m.kafkaDuplicateEvents, kafkaOnlyEvents: m.kafkaPhantoms,
      })
      : check('attribution', true, {}, 'no tail result given: run the tail during the load (or pass --tail tail.json)'),
  )
  return checks
}
