// What the pipeline side did, as the run phases see it: how many events of the run the Kafka
// tail and MongoDB hold, per-stage latency, the last few events. The tail and verifier
// (orchestrator/tail, orchestrator/verify) fill it; the dashboard and reports only read it.
import type { Percentiles } from './histogram.ts'

export const STAGES = ['pgToKafka', 'kafkaToMongo', 'endToEnd'] as const
export type Stage = (typeof STAGES)[number]
export const STAGE_LABEL: Record<Stage, string> = { pgToKafka: 'PG→Kafka', kafkaToMongo: 'Kafka→Mongo', endToEnd: 'end to end' }

export interface RecentEvent {
  id: string
  type: string
  /** Where it was last seen. */
  where: 'kafka' | 'mongo'
  /** Epoch ms. */
  at: number
  latencyMs?: number
}

/**
 * When MongoDB is counted by `_id` lookups of the committed ids: how complete the live count is.
 * The live view may not look every id up at once (its load on the store is bounded), so
 * `inMongo` is then a lower bound.
 */
export interface MongoCoverage {
  /** ids due for a look that the last look did not get to: `inMongo` may be short by up to this many */
  unchecked: number
  /** `inMongo` plus the estimated arrivals among the unchecked ids (from an evenly spread sample) */
  estimate?: number
  /** the live view's `_id` lookups per second (its load on the store) */
  lookupsPerSec?: number
}

/**
 * The coverage to show, from the tracker's progress as of its last look. During the load, events
 * committed since that look are not even known to the tracker yet (looks can be seconds apart on
 * a loaded store): whatever was written and neither found nor absent at its last look counts as
 * not looked up yet. After the load the drain has read every committed id, so its own figure holds.
 */
export function liveCoverage(o: {
  progress: { found: number; unchecked: number; missed: number; estimate?: number }
  written: number
  loading: boolean
  lookupsPerSec?: number
}): MongoCoverage {
  const p = o.progress
  const unchecked = o.loading ? Math.max(p.unchecked, o.written - p.found - p.missed) : p.unchecked
  return {
    unchecked,
    ...(p.estimate !== undefined ? { estimate: Math.max(p.estimate, p.found) } : {}),
    ...(o.lookupsPerSec !== undefined ? { lookupsPerSec: o.lookupsPerSec } : {}),
  }
}

export interface PipelineSnapshot {
  inKafka: number
  /** events of the run known to be in MongoDB (a lower bound while `mongoCoverage.unchecked` > 0) */
  inMongo: number
  mongoCoverage?: MongoCoverage
  stages: Partial<Record<Stage, Percentiles>>
  recent: RecentEvent[]
}

export interface PipelineSecond {
  t: number
  inKafka: number
  inMongo: number
  stages: Partial<Record<Stage, { p50: number; p95: number; p99: number; count: number }>>
}

export const EMPTY_PIPELINE: PipelineSnapshot = { inKafka: 0, inMongo: 0, stages: {}, recent: [] }
