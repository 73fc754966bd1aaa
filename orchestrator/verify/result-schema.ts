// verification.json: the zod schema is the source of truth; its JSON Schema is generated from
// it (`npm run verify -- --schema`) and documented in docs/verifier.md.
import { z } from 'zod'

export const CHECK_NAMES = [
  'completeness',
  'duplicates',
  'phantoms',
  'fields',
  'content',
  'references',
  'projections',
  'order',
  'late',
  'attribution',
] as const
export type CheckName = (typeof CHECK_NAMES)[number]

/** What a finding says happened to an event (the fault classes of docs/processor.md, and a few more). */
export const FINDING_CLASSES = [
  'missing', // committed in Postgres, no document
  'duplicate', // more than one document for the event id
  'phantom', // a document no committed event explains
  'corrupt', // content hash differs, or a required field is missing / of the wrong type
  'orphan', // a reference to an entity that does not exist
  'late-parent', // the reference resolved, but only after the child had arrived (time orphaned)
  'projection-missing', // an entity (or one of its events) absent from its projection
  'reorder', // a projection applied an event ahead of one committed before it
  'stale', // a projection's final state is not the last committed version
  'late', // Kafka -> MongoDB longer than the freshness limit
] as const
export type FindingClass = (typeof FINDING_CLASSES)[number]

export const STAGES = ['postgres->kafka', 'kafka->mongo', 'unknown'] as const
export type Stage = (typeof STAGES)[number]

const latencySummary = z.object({
  unit: z.literal('ms'),
  count: z.number().int(),
  negative: z.number().int().describe('samples below 0 (clock skew), recorded as 0'),
  censored: z.number().int().describe('events that never arrived, recorded at the cutoff'),
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  lowerBoundFromPercentile: z.number().nullable().describe('with censored samples, percentiles at or above this are lower bounds'),
})
const serializedLatency = latencySummary.extend({ hdr: z.string().describe('compressed base64 HDR histogram, microseconds') })

export const stageSchema = z.object({
  name: z.string(),
  clock: z.object({ from: z.string(), to: z.string() }),
  overall: serializedLatency,
  byType: z.record(z.string(), serializedLatency),
  overTime: z.object({
    widthMs: z.number(),
    intervals: z.array(z.object({ startMs: z.number(), endMs: z.number(), latency: serializedLatency })),
  }),
})

export const findingSchema = z.object({
  check: z.enum(CHECK_NAMES),
  class: z.enum(FINDING_CLASSES),
  eventId: z.string().nullable().describe('the event concerned (null for an entity-level finding)'),
  documentId: z.string().optional(),
  type: z.string().optional(),
  collection: z.string().optional(),
  entityId: z.string().optional(),
  stage: z.enum(STAGES).optional().describe('where the event was lost or duplicated, from the tail view'),
  /** a finding explained by another one (e.g. an orphan whose parent event is missing) */
  cause: z.object({ class: z.enum(FINDING_CLASSES), eventId: z.string() }).optional(),
  detail: z.string(),
})
export type Finding = z.infer<typeof findingSchema>

export const checkSchema = z.object({
  name: z.enum(CHECK_NAMES),
  description: z.string(),
  pass: z.boolean(),
  /** null when the check ran; the reason when the profile or the inputs did not allow it */
  skipped: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  /** up to `sampleSize` findings; all of them are in findings.jsonl */
  samples: z.array(findingSchema),
  /** check-specific extras (orphan durations, per-collection counts) */
  details: z.record(z.string(), z.unknown()).optional(),
})
export type CheckResult = z.infer<typeof checkSchema>

export const clockSchema = z.object({
  name: z.string(),
  /** server clock - local clock, ms (midpoint estimate) */
  offsetMs: z.number().nullable(),
  /** the estimate is good to +- half the round trip */
  roundTripMs: z.number().nullable(),
  note: z.string(),
})

export const verificationSchema = z.object({
  version: z.literal(1),
  runId: z.string(),
  profile: z.string(),
  pass: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  /** when an event still missing counts as censored, ISO */
  cutoff: z.string(),
  counts: z.object({
    committed: z.number().int().describe('events of the run in Postgres'),
    documents: z.number().int().describe('documents of the run in MongoDB (duplicates and phantoms included)'),
    arrived: z.number().int().describe('committed events with at least one document'),
    expected: z.number().int().nullable().describe('events the load reported as written, when given'),
  }),
  checks: z.array(checkSchema),
  latency: z.object({
    stages: z.array(stageSchema),
    notes: z.array(z.string()),
  }),
  clocks: z.array(clockSchema),
  tail: z
    .object({ files: z.array(z.string()), records: z.number().int(), uniqueEvents: z.number().int(), duplicateRecords: z.number().int() })
    .nullable(),
  findingsFile: z.string().nullable().describe('every finding, one JSON line each, relative to verification.json'),
  findings: z.record(z.string(), z.number()).describe('number of findings per class'),
})
export type VerificationResult = z.infer<typeof verificationSchema>

export function verificationJsonSchema(): unknown {
  return z.toJSONSchema(verificationSchema, { io: 'output' })
}
