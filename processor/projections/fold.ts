// Applies events to projection documents. A projection keeps the history of the events it
// applied, in application order, and its fields are the fold of their `set` values, so:
// - a replayed event (already in the history) changes nothing: projections are idempotent;
// - the reorder fault is one history swap, visible both as an inverted history and, when
//   the swapped pair is the aggregate's last, as a stale final state.
import type { EventJson } from '../event.ts'
import { rulesFor, type ProjectionRule, type ProjectionRules } from './rules.ts'

export interface HistoryEntry {
  readonly event_id: string
  readonly type: string | null
  readonly seq: number | string | null
  readonly created_at: Date | null
  /** the fields this event sets on the entity */
  readonly set: Readonly<Record<string, unknown>>
  /** numeric amounts this event adds to fields (only present when the rule adds) */
  readonly add?: Readonly<Record<string, number>>
}

export interface ProjectionDoc {
  _id: string
  /** how many times the entity was written (one per batch that changed it) */
  version: number
  run_id: string | null
  aggregate_type: string | null
  history: HistoryEntry[]
  last_event_id: string
  updated_at: Date
  [field: string]: unknown
}

/** Fields a rule can never set because the projection itself uses them. */
export const RESERVED_FIELDS = new Set(['_id', 'version', 'run_id', 'aggregate_type', 'history', 'last_event_id', 'updated_at'])

export interface ProjectionTarget {
  readonly collection: string
  readonly entityId: string
  readonly entry: HistoryEntry
}

export function readPath(source: unknown, path: string): unknown {
  let value: unknown = source
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** The projections an event feeds and what it sets in each (none when no rule matches). */
export function projectionTargets(rules: ProjectionRules, event: EventJson): ProjectionTarget[] {
  const targets: ProjectionTarget[] = []
  for (const rule of rulesFor(rules, event.type)) {
    const entityId = readPath(event, rule.entity ?? 'aggregate_id')
    // An event without the entity's id cannot be placed; the verifier sees the gap as a
    // missing entity, which is what it is.
    if (typeof entityId !== 'string' && typeof entityId !== 'number') continue
    const add = amountsAdded(rule, event)
    targets.push({
      collection: rule.collection,
      entityId: String(entityId),
      entry: {
        event_id: event.id,
        type: event.type ?? null,
        seq: event.seq ?? null,
        created_at: typeof event.created_at === 'string' ? new Date(event.created_at) : null,
        set: fieldsSet(rule, event),
        ...(add ? { add } : {}),
      },
    })
  }
  return targets
}

function amountsAdded(rule: ProjectionRule, event: EventJson): Record<string, number> | undefined {
  if (!rule.add) return undefined
  const add: Record<string, number> = {}
  for (const [field, path] of Object.entries(rule.add)) {
    const value = readPath(event, path)
    if (typeof value === 'number' && !RESERVED_FIELDS.has(field)) add[field] = value
  }
  return add
}

function fieldsSet(rule: ProjectionRule, event: EventJson): Record<string, unknown> {
  const set: Record<string, unknown> = {}
  const payload = event.payload
  if (rule.copyPayload && payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    Object.assign(set, payload)
  }
  for (const [field, path] of Object.entries(rule.fields ?? {})) set[field] = readPath(event, path)
  Object.assign(set, rule.constants ?? {})
  for (const reserved of RESERVED_FIELDS) delete set[reserved]
  return set
}

export function foldFields(history: readonly HistoryEntry[]): Record<string, unknown> {
  const state: Record<string, unknown> = {}
  for (const entry of history) {
    Object.assign(state, entry.set)
    for (const [field, amount] of Object.entries(entry.add ?? {})) {
      const current = state[field]
      state[field] = (typeof current === 'number' ? current : 0) + amount
    }
  }
  return state
}

export interface ApplyResult {
  readonly doc: ProjectionDoc
  /** false when the event was already in the history (a replay) */
  readonly applied: boolean
  /** set when the reorder fault put this event ahead of its predecessor */
  readonly swappedWith?: string
}

/**
 * Applies one event. `reorder` asks the fault plan whether this event should go ahead of
 * its predecessor; a swap that would leave no visible trace (same fields) is not made, so
 * every recorded reorder is detectable.
 */
export function applyToProjection(
  current: ProjectionDoc | undefined,
  target: ProjectionTarget,
  meta: { run_id: string | null; aggregate_type: string | null; now: Date; reorder: boolean },
): ApplyResult {
  const history = current?.history ?? []
  if (current && history.some((h) => h.event_id === target.entry.event_id)) return { doc: current, applied: false }
  let next = [...history, target.entry]
  let swappedWith: string | undefined
  const predecessor = history.at(-1)
  if (meta.reorder && predecessor) {
    const swapped = [...history.slice(0, -1), target.entry, predecessor]
    if (!sameFields(foldFields(swapped), foldFields(next))) {
      next = swapped
      swappedWith = predecessor.event_id
    }
  }
  const doc: ProjectionDoc = {
    ...foldFields(next),
    _id: target.entityId,
    version: (current?.version ?? 0) + 1,
    run_id: current?.run_id ?? meta.run_id,
    aggregate_type: current?.aggregate_type ?? meta.aggregate_type,
    history: next,
    last_event_id: next.at(-1)!.event_id,
    updated_at: meta.now,
  }
  return swappedWith ? { doc, applied: true, swappedWith } : { doc, applied: true }
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false
  return true
}
