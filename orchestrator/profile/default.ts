// The default profile: the reference processor's pipeline (docs/processor.md). Event types,
// required payload fields and references come from the scenario catalogue, projections from the
// processor's own rules, so neither is restated here and a new event type needs no change.
import { DEFAULT_RULES, type ProjectionRules } from '../../processor/projections/rules.ts'
import { CATALOG } from '../../scenarios/lib/events/catalog.ts'
import { topology } from '../../stack/topology.ts'
import { profileSchema, type FieldType, type PipelineProfile, type PipelineProfileInput } from './schema.ts'

/**
 * JSON types of the catalogue's payload fields, as the generator writes them
 * (scenarios/lib/events/payloads.ts). A field missing here is checked for presence only.
 */
export const PAYLOAD_FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  sku: 'string', name: 'string', category: 'string', price: 'number', currency: 'string', initial_stock: 'integer',
  customer_id: 'string', first_name: 'string', last_name: 'string', email: 'string', phone: 'string', locale: 'string',
  address: 'object', order_id: 'string', lines: 'array', subtotal: 'number', tax: 'number', shipping_fee: 'number',
  total: 'number', shipping_address: 'object', payment_id: 'string', amount: 'number', method: 'string',
  psp_reference: 'string', shipment_id: 'string', carrier: 'string', tracking_number: 'string', warehouse: 'string',
  items: 'integer', estimated_delivery_days: 'integer', received_by: 'string', reason: 'string', refund_amount: 'number',
  delta: 'integer',
}

function events(): PipelineProfileInput['events'] {
  const out: NonNullable<PipelineProfileInput['events']> = {}
  for (const [type, spec] of Object.entries(CATALOG)) {
    out[type] = {
      required: Object.fromEntries(spec.required.map((f) => [`payload.${f}`, PAYLOAD_FIELD_TYPES[f] ?? 'present'])),
      ...(spec.creates ? { creates: spec.creates } : {}),
      references: spec.references,
    }
  }
  return out
}

/** Projections as the processor maintains them, derived from its rules. */
export function projectionsFromRules(rules: ProjectionRules): NonNullable<PipelineProfileInput['projections']> {
  const byCollection = new Map<string, { feeds: Record<string, string>; state: Map<string, Record<string, unknown>> }>()
  for (const [type, list] of Object.entries(rules.byType)) {
    for (const rule of list) {
      const entry = byCollection.get(rule.collection) ?? { feeds: {}, state: new Map<string, Record<string, unknown>>() }
      byCollection.set(rule.collection, entry)
      entry.feeds[type] = rule.entity ?? 'aggregate_id'
      for (const [field, value] of Object.entries(rule.constants ?? {})) {
        const byType: Record<string, unknown> = entry.state.get(field) ?? {}
        byType[type] = value
        entry.state.set(field, byType)
      }
    }
  }
  return [...byCollection].map(([collection, { feeds, state }]) => ({
    collection,
    runIdField: 'run_id',
    feeds,
    history: { field: 'history', eventIdField: 'event_id' },
    lastEventField: 'last_event_id',
    state: [...state].map(([field, byType]) => ({ field, byType })),
    references: Object.entries(rules.references[collection] ?? {}).map(([field, target]) => ({ field, collection: target })),
  }))
}

export const DEFAULT_PROFILE_INPUT: PipelineProfileInput = {
  name: 'reference-processor',
  description: 'the reference processor of eventload (docs/processor.md)',
  postgres: {
    schema: 'public',
    table: 'events',
    columns: {
      id: 'id', runId: 'run_id', type: 'type', payload: 'payload', createdAt: 'created_at', scheduledAt: 'scheduled_at', seq: 'seq',
    },
  },
  kafka: {
    topics: [topology.kafka.topics[0].name],
    envelope: 'plain',
    eventId: { from: 'header', name: 'event-id' },
    runId: { from: 'value', path: 'run_id' },
    type: { from: 'value', path: 'type' },
    createdAt: { from: 'value', path: 'created_at', format: 'iso' },
    scheduledAt: { from: 'value', path: 'scheduled_at', format: 'iso' },
  },
  mongo: {
    collection: 'events',
    fields: {
      eventId: 'event_id', runId: 'run_id', type: 'type', payload: 'payload', createdAt: 'created_at', scheduledAt: 'scheduled_at',
      processedAt: 'processed_at', kafkaTimestamp: 'kafka.timestamp',
    },
    payloadEncoding: 'object',
  },
  events: events(),
  commonRequired: {
    event_id: 'string', run_id: 'string', type: 'string', aggregate_id: 'string', payload: 'object',
    created_at: 'date', processed_at: 'date', 'kafka.timestamp': 'date',
  },
  projections: projectionsFromRules(DEFAULT_RULES),
}

export function defaultProfile(): PipelineProfile {
  return profileSchema.parse(DEFAULT_PROFILE_INPUT)
}
