// Default thresholds = the seed's success criteria: insert p50 < 30 ms, p95 < 100 ms, p99 < 200 ms,
// and more than 99.9% of writes succeeding. Each bound is a knob ("off" drops it).

import { bound, type Env } from './knobs.ts'

export type Threshold = string | { threshold: string; abortOnFail: boolean; delayAbortEval?: string }

export function defaultThresholds(env: Env, opts: { abortOnFail?: boolean } = {}): Record<string, Threshold[]> {
  const rules = {
    insert_duration: [
      ['INSERT_P50_MS', 'p(50)', 30],
      ['INSERT_P95_MS', 'p(95)', 100],
      ['INSERT_P99_MS', 'p(99)', 200],
    ],
    insert_errors: [['MAX_ERROR_RATE', 'rate', 0.001]],
  } as const
  const out: Record<string, Threshold[]> = {}
  for (const [metric, list] of Object.entries(rules)) {
    const expressions: Threshold[] = []
    for (const [knob, stat, fallback] of list) {
      const limit = bound(env, knob, fallback)
      if (limit === undefined) continue
      const threshold = `${stat}<${limit}`
      // A breakpoint test stops at the first sustained breach; the rate reached then is the answer.
      expressions.push(opts.abortOnFail ? { threshold, abortOnFail: true, delayAbortEval: '10s' } : threshold)
    }
    if (expressions.length > 0) out[metric] = expressions
  }
  return out
}
