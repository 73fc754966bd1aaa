// The pipeline profile: where a pipeline keeps each event in Postgres, Kafka and MongoDB, so the
// tail and the verifier can follow any pipeline, not only the reference processor. Names are
// validated here and quoted again where they are used (orchestrator/profile/sql.ts): a profile
// never reaches SQL as raw text.
import { z } from 'zod'

/** A SQL identifier as Postgres folds it (quoted on use, so case is kept as written). */
export const sqlIdentifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, { error: 'expected a SQL identifier: a letter or _, then letters, digits, _ or $ (max 63)' })

/** A dotted path into a JSON value or a MongoDB document: `payload.order_id`, `kafka.timestamp`. */
export const fieldPath = z
  .string()
  .regex(/^[^.$\0\s][^.\0]*(\.[^.$\0][^.\0]*)*$/, { error: 'expected a dotted field path such as payload.order_id (no empty parts, no leading $)' })

/** A path that may step through arrays of objects with `[]`: `lines[].sku`. */
export const referencePath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\[\])?(\.[A-Za-z0-9_-]+(\[\])?)*$/, { error: 'expected a path such as customer_id or lines[].sku' })

export const mongoCollection = z
  .string()
  .regex(/^[^$\0]{1,120}$/, { error: 'expected a MongoDB collection name (no $, 1-120 characters)' })
  .refine((s) => !s.startsWith('system.'), { error: 'system.* collections cannot hold events' })

export const kafkaTopic = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, { error: 'expected a Kafka topic name ([A-Za-z0-9._-], 1-249)' })

export const TIMESTAMP_FORMATS = ['auto', 'iso', 'epoch-ms', 'epoch-us', 'epoch-ns'] as const
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number]

/**
 * Where a Kafka record carries a value. `value` paths are read from the row: the record value
 * itself, or for a Debezium envelope its `after` (with or without the JSON converter's
 * `{schema, payload}` wrapper). `envelope` paths read the whole (unwrapped) envelope, e.g.
 * `source.ts_ms`.
 */
export const kafkaRef = z.discriminatedUnion(
  'from',
  [
    z.object({ from: z.literal('value'), path: fieldPath }).strict(),
    z.object({ from: z.literal('envelope'), path: fieldPath }).strict(),
    z.object({ from: z.literal('header'), name: z.string().min(1, { error: 'expected a header name' }) }).strict(),
    z.object({ from: z.literal('key') }).strict(),
  ],
  { error: 'expected {from: "value"|"envelope", path} or {from: "header", name} or {from: "key"}' },
)
export type KafkaRef = z.infer<typeof kafkaRef>

const timestampFormat = z.enum(TIMESTAMP_FORMATS, { error: `expected one of ${TIMESTAMP_FORMATS.join(', ')}` }).default('auto')
export const kafkaTimestampRef = z.intersection(kafkaRef, z.object({ format: timestampFormat }))
export type KafkaTimestampRef = z.infer<typeof kafkaTimestampRef>

const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'date', 'present'] as const
export type FieldType = (typeof FIELD_TYPES)[number]
export const fieldType = z.enum(FIELD_TYPES, { error: `expected one of ${FIELD_TYPES.join(', ')}` })

const postgresSchema = z
  .object({
    schema: sqlIdentifier.default('public'),
    table: sqlIdentifier,
    columns: z
      .object({
        id: sqlIdentifier,
        runId: sqlIdentifier,
        type: sqlIdentifier,
        payload: sqlIdentifier,
        createdAt: sqlIdentifier,
        scheduledAt: sqlIdentifier.optional(),
        /** per-aggregate order of events (the last one is the aggregate's current version) */
        seq: sqlIdentifier.optional(),
      })
      .strict(),
  })
  .strict()

const kafkaSchema = z
  .object({
    topics: z.array(kafkaTopic).min(1, { error: 'expected at least one topic' }),
    envelope: z.enum(['plain', 'debezium'], { error: 'expected plain or debezium' }).default('plain'),
    eventId: kafkaRef,
    runId: kafkaRef,
    type: kafkaRef.optional(),
    createdAt: kafkaTimestampRef.optional(),
    scheduledAt: kafkaTimestampRef.optional(),
    /** when the source database committed the change (Debezium `source.ts_ms`) */
    committedAt: kafkaTimestampRef.optional(),
  })
  .strict()

const mongoSchema = z
  .object({
    collection: mongoCollection,
    fields: z
      .object({
        /** the event id; `_id` or a field (`event_id`, `_id.id` for a Debezium-keyed sink) */
        eventId: fieldPath,
        runId: fieldPath,
        type: fieldPath.optional(),
        payload: fieldPath,
        createdAt: fieldPath.optional(),
        scheduledAt: fieldPath.optional(),
        /** when the consumer wrote the document; without it there is no Kafka -> MongoDB latency */
        processedAt: fieldPath.optional(),
        /** the Kafka record timestamp the consumer saw; without it the tail's view is used */
        kafkaTimestamp: fieldPath.optional(),
      })
      .strict(),
    /** `json-string`: the payload is stored as JSON text (e.g. Debezium's io.debezium.data.Json) */
    payloadEncoding: z.enum(['object', 'json-string'], { error: 'expected object or json-string' }).default('object'),
  })
  .strict()

const entityRef = z.object({ entity: z.string().min(1), path: referencePath }).strict()

const eventTypeSchema = z
  .object({
    /** field path in the MongoDB document -> expected type; `present` = any non-null value */
    required: z.record(fieldPath, fieldType).default({}),
    /** the entity this event brings into existence (path into the payload) */
    creates: entityRef.optional(),
    /** entities that must exist (created by an event of the same run); absent paths are optional references */
    references: z.array(entityRef).default([]),
  })
  .strict()

const projectionSchema = z
  .object({
    collection: mongoCollection,
    runIdField: fieldPath.default('run_id'),
    /** per event type: where the entity id is in the Postgres row (`aggregate_id`, `payload.payment_id`) */
    feeds: z.record(z.string().min(1), fieldPath),
    /** the applied events, in application order */
    history: z.object({ field: fieldPath, eventIdField: fieldPath }).strict().optional(),
    /** the id of the last applied event */
    lastEventField: fieldPath.optional(),
    /** fields whose final value the last committed event of a type determines (orders.status) */
    state: z.array(z.object({ field: fieldPath, byType: z.record(z.string().min(1), z.unknown()) }).strict()).default([]),
    /** fields that must name an existing document of another projection (`lines[].sku` for arrays) */
    references: z.array(z.object({ field: referencePath, collection: mongoCollection }).strict()).default([]),
  })
  .strict()

export const profileSchema = z
  .object({
    name: z.string().min(1).default('custom'),
    description: z.string().optional(),
    postgres: postgresSchema,
    kafka: kafkaSchema,
    mongo: mongoSchema,
    /** per event type: required fields and references; types not listed only get the common checks */
    events: z.record(z.string().min(1), eventTypeSchema).default({}),
    /** required fields of every event document, whatever its type */
    commonRequired: z.record(fieldPath, fieldType).default({}),
    projections: z.array(projectionSchema).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const names = new Set(p.projections.map((x) => x.collection))
    p.projections.forEach((proj, i) => {
      proj.references.forEach((ref, j) => {
        if (!names.has(ref.collection)) {
          ctx.addIssue({
            code: 'custom',
            path: ['projections', i, 'references', j, 'collection'],
            message: `"${ref.collection}" is not one of the profile's projections (${[...names].join(', ') || 'none'})`,
          })
        }
      })
    })
    if (names.size !== p.projections.length) {
      ctx.addIssue({ code: 'custom', path: ['projections'], message: 'each projection collection may appear once' })
    }
    if (p.projections.some((x) => x.collection === p.mongo.collection)) {
      ctx.addIssue({ code: 'custom', path: ['projections'], message: `the events collection "${p.mongo.collection}" cannot also be a projection` })
    }
  })

export type PipelineProfile = z.output<typeof profileSchema>
export type PipelineProfileInput = z.input<typeof profileSchema>
export type ProjectionProfile = PipelineProfile['projections'][number]
export type EventTypeProfile = PipelineProfile['events'][string]
