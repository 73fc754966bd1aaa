// summary.json: the engine's end-of-test data exactly as k6 hands it to handleSummary(data)
// (metrics, root_group, options, state), plus eventload's sections next to them. Schema:
// reports/schema/summary.schema.json.
import { STAGES } from '../stats/pipeline.ts'
import { latencyStats } from './metrics-json.ts'
import type { RunReport } from './model.ts'
import { REPORT_SCHEMA_VERSION } from './model.ts'

export function summaryJson(r: RunReport) {
  const k6 = r.engineResult.summary ?? { metrics: {} }
  return {
    ...k6,
    eventload: {
      schemaVersion: REPORT_SCHEMA_VERSION,
      run_id: r.runId,
      scenario: r.scenario,
      engine: r.engine,
      workers: r.workers,
      started_at: r.startedAt,
      finished_at: r.finishedAt,
      status: r.status,
      exit_code: r.exitCode,
      exit_meaning: r.exitMeaning,
      interrupted: r.interrupted,
      engine_exit_code: r.engineResult.exitCode,
      phases: r.phases,
      manifest: r.manifest,
    },
    pipeline: {
      events_written: r.load.written,
      in_kafka: r.pipeline.inKafka,
      in_mongo: r.pipeline.inMongo,
      stages: Object.fromEntries(STAGES.map((s) => [s, latencyStats(r.pipeline.stages[s])])),
      drain: r.drain ?? null,
      probe: r.probe ?? null,
    },
    verification: r.verification ?? null,
  }
}
