// Per-operation SQL metrics. xk6-sql emits none (its issues #22/#23 ask for them), so these
// names are ours; they are documented in docs/engine-extensions.md.
import type { MetricHandle, ModuleContext } from '../../host.ts'

export const SQL_METRICS = {
  /** Trend (time, ms): wall time of each statement, tagged operation=exec|query. */
  duration: 'sql_query_duration',
  /** Counter: failed statements, tagged operation and error_code (SQLSTATE, timeout, canceled, connection). */
  errors: 'sql_errors',
} as const

export class SqlMetrics {
  private readonly duration: MetricHandle
  private readonly errors: MetricHandle

  constructor(ctx: ModuleContext) {
    this.duration = ctx.metric(SQL_METRICS.duration, 'trend', true)
    this.errors = ctx.metric(SQL_METRICS.errors, 'counter')
  }

  record(operation: 'exec' | 'query', ms: number, errorCode?: string): void {
    this.duration.add(ms, { operation })
    if (errorCode !== undefined) this.errors.add(1, { operation, error_code: errorCode })
  }
}
