import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_RULES } from '../../processor/projections/rules.ts'
import { CATALOG } from '../../scenarios/lib/events/catalog.ts'
import { defaultProfile, DEFAULT_PROFILE_INPUT } from '../../orchestrator/profile/default.ts'
import { loadProfile, parseProfile, ProfileError } from '../../orchestrator/profile/load.ts'
import { ident, qualifiedTable, rowPathText } from '../../orchestrator/profile/sql.ts'

describe('default profile', () => {
  const p = defaultProfile()

  it('follows the reference processor contract (docs/processor.md)', () => {
    expect(p.postgres.table).toBe('events')
    expect(p.kafka.eventId).toEqual({ from: 'header', name: 'event-id' })
    expect(p.mongo.fields.eventId).toBe('event_id')
    expect(p.mongo.fields.processedAt).toBe('processed_at')
    expect(p.mongo.fields.kafkaTimestamp).toBe('kafka.timestamp')
  })

  it('has every catalogue type with its required payload fields and references', () => {
    for (const [type, spec] of Object.entries(CATALOG)) {
      expect(Object.keys(p.events[type]!.required).sort()).toEqual(spec.required.map((f) => `payload.${f}`).sort())
      expect(p.events[type]!.references).toEqual(spec.references)
    }
  })

  it('derives projections, their references and state from the processor rules', () => {
    const orders = p.projections.find((x) => x.collection === 'orders')!
    expect(orders.references.map((r) => `${r.field}->${r.collection}`).sort()).toEqual(
      Object.entries(DEFAULT_RULES.references.orders!).map(([f, c]) => `${f}->${c}`).sort(),
    )
    expect(orders.state.find((s) => s.field === 'status')!.byType).toMatchObject({ order_placed: 'placed', payment_captured: 'paid', order_cancelled: 'cancelled' })
    expect(p.projections.find((x) => x.collection === 'payments')!.feeds.payment_authorized).toBe('payload.payment_id')
  })
})

describe('profile validation', () => {
  it('rejects identifiers that could reach SQL unquoted, naming the path', () => {
    const bad = { ...DEFAULT_PROFILE_INPUT, postgres: { ...DEFAULT_PROFILE_INPUT.postgres, table: 'events; DROP TABLE x' } }
    expect(() => parseProfile(bad, 'p.json')).toThrow(ProfileError)
    try {
      parseProfile(bad, 'p.json')
    } catch (error) {
      expect((error as ProfileError).issues.join('\n')).toMatch(/postgres\.table: expected a SQL identifier/)
    }
  })

  it('reports every problem at once', () => {
    const bad = { ...DEFAULT_PROFILE_INPUT, kafka: { ...DEFAULT_PROFILE_INPUT.kafka, topics: [], eventId: { from: 'somewhere' } }, mongo: { ...DEFAULT_PROFILE_INPUT.mongo, collection: '$bad' } }
    try {
      parseProfile(bad)
      expect.unreachable()
    } catch (error) {
      const issues = (error as ProfileError).issues.join('\n')
      expect(issues).toMatch(/kafka\.topics/)
      expect(issues).toMatch(/kafka\.eventId/)
      expect(issues).toMatch(/mongo\.collection/)
    }
  })

  it('rejects a projection reference to an unknown projection', () => {
    const projections = [{ collection: 'orders', feeds: { order_placed: 'aggregate_id' }, references: [{ field: 'customer_id', collection: 'people' }] }]
    expect(() => parseProfile({ ...DEFAULT_PROFILE_INPUT, projections })).toThrow(/people" is not one of the profile's projections/)
  })

  it('loads YAML and JSON files, and says what is wrong with a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-'))
    writeFileSync(join(dir, 'p.json'), JSON.stringify(DEFAULT_PROFILE_INPUT))
    expect((await loadProfile(join(dir, 'p.json'))).name).toBe('reference-processor')
    const yaml = await loadProfile('orchestrator/profile/examples/debezium-mongo-sink.yaml')
    expect(yaml.kafka.envelope).toBe('debezium')
    expect(yaml.mongo.payloadEncoding).toBe('json-string')
    writeFileSync(join(dir, 'broken.yaml'), 'postgres: [unclosed')
    await expect(loadProfile(join(dir, 'broken.yaml'))).rejects.toThrow(/not valid YAML/)
    await expect(loadProfile(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read the file/)
  })
})

describe('SQL from a profile', () => {
  it('quotes identifiers and binds JSON keys as parameters', () => {
    expect(ident('weird"name')).toBe('"weird""name"')
    expect(qualifiedTable(defaultProfile())).toBe('"public"."events"')
    const params: unknown[] = ['run']
    expect(rowPathText('payload.order_id', params)).toBe('("payload"::jsonb #>> $2::text[])')
    expect(params).toEqual(['run', ['order_id']])
    expect(rowPathText('aggregate_id', params)).toBe('"aggregate_id"::text')
  })
})
