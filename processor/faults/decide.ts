// What the fault plan does to one event. Decisions depend only on (seed, event id), so they
// are the same when an event is replayed and a test can recompute them independently.
import type { EventJson } from '../event.ts'
import { derivedUuid, draw } from './draw.ts'
import type { FaultPlan } from './plan.ts'

export type EventFate =
  | { readonly kind: 'write' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'duplicate'; readonly duplicateId: string }
  | { readonly kind: 'corrupt'; readonly field: string; readonly original: unknown; readonly corrupted: unknown; readonly payload: unknown }

const WRITE: EventFate = { kind: 'write' }

/** drop, duplicate and corrupt are exclusive: one uniform draw falls into at most one band. */
export function eventFate(plan: FaultPlan, event: EventJson): EventFate {
  if (plan.drop + plan.duplicate + plan.corrupt === 0) return WRITE
  const u = draw(plan.seed, 'fate', event.id)
  if (u < plan.drop) return { kind: 'drop' }
  if (u < plan.drop + plan.duplicate) return { kind: 'duplicate', duplicateId: derivedUuid(plan.seed, 'duplicate', event.id) }
  if (u < plan.drop + plan.duplicate + plan.corrupt) return corruptPayload(plan.seed, event)
  return WRITE
}

/** Whether this event is applied to its projection ahead of its predecessor. */
export function reorderSelected(plan: FaultPlan, eventId: string): boolean {
  return plan.reorder > 0 && draw(plan.seed, 'reorder', eventId) < plan.reorder
}

/** Ids of the phantom documents written for a run: stable for a seed, never a real event id. */
export function phantomIds(plan: FaultPlan, runId: string): string[] {
  return Array.from({ length: plan.phantom }, (_, i) => derivedUuid(plan.seed, 'phantom', runId, String(i)))
}

const CORRUPT_SUFFIX = ' (corrupted)'
const ADDED_FIELD = '__corrupted'

function corruptPayload(seed: string, event: EventJson): EventFate {
  const payload = event.payload
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || Object.keys(payload).length === 0) {
    // Nothing to change in place, so the corruption adds a field the source never had.
    const base = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload : {}
    return { kind: 'corrupt', field: ADDED_FIELD, original: undefined, corrupted: true, payload: { ...base, [ADDED_FIELD]: true } }
  }
  const fields = Object.keys(payload).sort()
  const field = fields[Math.floor(draw(seed, 'corrupt-field', event.id) * fields.length)]!
  const original = (payload as Record<string, unknown>)[field]
  const corrupted = changed(original)
  return { kind: 'corrupt', field, original, corrupted, payload: { ...payload, [field]: corrupted } }
}

/** A value that always differs from the original, of a plausible type. */
function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 1
  if (typeof value === 'string') return value + CORRUPT_SUFFIX
  if (typeof value === 'boolean') return !value
  return 'corrupted' // null, objects and arrays become a string
}
