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

export interface PipelineSnapshot {
  inKafka: number
  inMongo: number
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
