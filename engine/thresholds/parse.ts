// k6 threshold expressions: `<aggregation> <op> <number>` (metrics/thresholds_parser.go,
// paraphrased). The operator scan tries `<=`, `<`, `>=`, `>`, `===`, `==`, `!=` in that order
// and splits on the first one present; `==` and `===` mean the same.
import type { MetricType } from '../host.ts'

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!='
export type Aggregation =
  | { readonly kind: 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' | 'value' }
  | { readonly kind: 'p'; readonly p: number }

export interface ThresholdExpr {
  readonly source: string
  readonly aggregation: Aggregation
  readonly aggregationText: string
  readonly op: Operator
  readonly value: number
}

const OPERATORS: ReadonlyArray<readonly [string, Operator]> = [
  ['<=', '<='],
  ['<', '<'],
  ['>=', '>='],
  ['>', '>'],
  ['===', '=='],
  ['==', '=='],
  ['!=', '!='],
]

export function parseThresholdExpr(source: string): ThresholdExpr {
  const bad = (why: string) => new Error(`threshold ${JSON.stringify(source)}: ${why}; write e.g. "p(95)<500", "rate>0.99" or "count==0"`)
  let found: readonly [string, Operator] | undefined
  let at = -1
  for (const op of OPERATORS) {
    const i = source.indexOf(op[0])
    if (i !== -1) {
      found = op
      at = i
      break
    }
  }
  if (!found) throw bad('no comparison operator')
  const left = source.slice(0, at).trim()
  const right = source.slice(at + found[0].length).trim()
  if (right === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(right)) throw bad(`${JSON.stringify(right)} is not a number`)
  return { source, aggregation: parseAggregation(left, bad), aggregationText: left, op: found[1], value: Number(right) }
}

function parseAggregation(text: string, bad: (why: string) => Error): Aggregation {
  switch (text) {
    case 'avg':
    case 'min':
    case 'max':
    case 'med':
    case 'count':
    case 'rate':
    case 'value':
      return { kind: text }
  }
  const m = /^p\(\s*([0-9]*\.?[0-9]+)\s*\)$/.exec(text)
  if (m?.[1]) {
    const p = Number(m[1])
    if (p < 0 || p > 100) throw bad(`the percentile ${p} is outside 0..100`)
    return { kind: 'p', p }
  }
  throw bad(`unknown aggregation ${JSON.stringify(text)}`)
}

const ALLOWED: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
}

/** k6 rejects an aggregation the metric type has no value for (e.g. count on a Trend). */
export function checkAggregation(expr: ThresholdExpr, metric: string, type: MetricType): void {
  if (!ALLOWED[type].includes(expr.aggregation.kind)) {
    const allowed = ALLOWED[type].map((a) => (a === 'p' ? 'p(N)' : a)).join(', ')
    throw new Error(
      `threshold ${JSON.stringify(expr.source)} on ${metric}: the aggregation "${expr.aggregationText}" does not exist for a ${type} metric (use ${allowed})`,
    )
  }
}

export function compare(actual: number, op: Operator, expected: number): boolean {
  switch (op) {
    case '<':
      return actual < expected
    case '<=':
      return actual <= expected
    case '>':
      return actual > expected
    case '>=':
      return actual >= expected
    case '==':
      return actual === expected
    case '!=':
      return actual !== expected
  }
}
