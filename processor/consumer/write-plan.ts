// Turns a batch of consumed events into the documents to write to `events` and the
// ground-truth lines of the faults injected on the way. Pure: the caller does the I/O.
import type { EventJson } from '../event.ts'
import { eventFate, phantomIds } from '../faults/decide.ts'
import type { GroundTruthRecord } from '../faults/ground-truth.ts'
import type { FaultPlan } from '../faults/plan.ts'
import { eventDocument, type EventDocument, type KafkaCoordinates } from './event-document.ts'

export interface ConsumedEvent {
  readonly event: EventJson
  readonly kafka: KafkaCoordinates
}

export interface EventWritePlan {
  readonly documents: EventDocument[]
  readonly groundTruth: GroundTruthRecord[]
}

/**
 * `phantomRuns` remembers the runs that already got their phantoms in this process; after
 * a restart they are planned again, which is harmless: same ids, and the ground-truth log
 * and the insert-only writes ignore repeats.
 */
export function planEventWrites(
  batch: readonly ConsumedEvent[],
  plan: FaultPlan,
  processedAt: Date,
  phantomRuns: Set<string>,
): EventWritePlan {
  const documents: EventDocument[] = []
  const groundTruth: GroundTruthRecord[] = []
  const runId = (e: EventJson): string | null => (typeof e.run_id === 'string' ? e.run_id : null)
  const written = (doc: EventDocument, e: EventJson): void => {
    documents.push(doc)
    if (plan.delayMs > 0) {
      groundTruth.push({ class: 'delay', event_id: doc.event_id, run_id: runId(e), details: { ms: plan.delayMs, document_id: doc._id } })
    }
  }

  for (const { event, kafka } of batch) {
    const doc = eventDocument(event, kafka, processedAt)
    const fate = eventFate(plan, event)
    switch (fate.kind) {
      case 'write':
        written(doc, event)
        break
      case 'drop':
        groundTruth.push({ class: 'drop', event_id: event.id, run_id: runId(event), details: {} })
        break
      case 'duplicate':
        written(doc, event)
        written({ ...doc, _id: fate.duplicateId }, event)
        groundTruth.push({ class: 'duplicate', event_id: event.id, run_id: runId(event), details: { duplicate_id: fate.duplicateId } })
        break
      case 'corrupt':
        written({ ...doc, payload: fate.payload }, event)
        groundTruth.push({
          class: 'corrupt',
          event_id: event.id,
          run_id: runId(event),
          details: { field: fate.field, original: fate.original ?? null, corrupted: fate.corrupted },
        })
        break
    }

    const run = runId(event)
    if (plan.phantom > 0 && run !== null && !phantomRuns.has(run)) {
      phantomRuns.add(run)
      for (const id of phantomIds(plan, run)) {
        written({ ...doc, _id: id, event_id: id }, { ...event, id })
        groundTruth.push({ class: 'phantom', event_id: id, run_id: run, details: { modeled_on: event.id } })
      }
    }
  }
  return { documents, groundTruth }
}
