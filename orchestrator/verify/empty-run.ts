// A run id with nothing behind it, neither committed events in Postgres nor documents in MongoDB,
// is most often a mistyped or foreign id (another stack, another profile): the checks' counts
// alone ("committed=0 arrived=0 missing=0") do not say so.
import type { PipelineProfile } from '../profile/index.ts'
import type { VerificationResult } from './result-schema.ts'

export function emptyRunHint(r: Pick<VerificationResult, 'runId' | 'counts'>, profile: PipelineProfile): string | undefined {
  if (r.counts.committed !== 0 || r.counts.documents !== 0) return undefined
  return (
    `verify: run ${r.runId} has no events in Postgres (${profile.postgres.schema}.${profile.postgres.table}) and no documents in MongoDB ` +
    `(${profile.mongo.collection}): check the run id (the runs are the directories in reports/), and that the connections and ` +
    `--profile are those of the run`
  )
}
