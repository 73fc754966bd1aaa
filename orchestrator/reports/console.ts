// The end of the console output: after the engine's k6 summary, a "█ PIPELINE" block in the same
// layout (name, dots, colon-aligned values, ✓/✗ marks), then where the reports are.
import { ms, rate } from '../dashboard/render.ts'
import type { Percentiles } from '../stats/histogram.ts'
import { STAGES } from '../stats/pipeline.ts'
import type { RunReport } from './model.ts'

const NAME: Record<string, string> = { pgToKafka: 'pg_to_kafka', kafkaToMongo: 'kafka_to_mongo', endToEnd: 'end_to_end' }

function trend(p: Percentiles | undefined): string {
  if (!p || p.count === 0) return 'no samples'
  return `avg=${ms(p.avg)} min=${ms(p.min)} med=${ms(p.p50)} max=${ms(p.max)} p(95)=${ms(p.p95)} p(99)=${ms(p.p99)} (${p.count})`
}

function row(name: string, value: string): string {
  return `    ${`${name}`.padEnd(31, '.')}: ${value}`
}

export function pipelineSummary(r: RunReport, reportDir: string): string {
  const l = r.load
  const lines = ['', `  █ PIPELINE  run ${r.runId}`, '']
  lines.push(row('events_written', `${l.written}  avg ${rate(l.avgRate)}  peak ${rate(l.peakRate)}${l.targetRate !== undefined ? `  target ${rate(l.targetRate)}` : ''}`))
  lines.push(row('write_errors', `${(l.errorRate * 100).toFixed(2)}%  ${l.writeErrors} out of ${l.writes}`))
  lines.push(row('in_kafka', String(r.pipeline.inKafka)))
  lines.push(row('in_mongo', String(r.pipeline.inMongo)))
  for (const s of STAGES) lines.push(row(NAME[s]!, trend(r.pipeline.stages[s])))
  lines.push(row('mix', l.perType.map((t) => `${t.type} ${(t.share * 100).toFixed(1)}%`).join(', ') || '-'))
  lines.push('')
  if (r.drain) lines.push(`    ${r.drain.drained ? '✓' : '✗'} drain: ${r.drain.reason}`)
  if (r.verification) for (const c of r.verification.checks) lines.push(`    ${c.passed ? '✓' : '✗'} ${c.name.padEnd(12)} ${c.detail ?? ''}`)
  else lines.push(`    - verification not run${r.phases.find((p) => p.name === 'verify')?.detail ? `: ${r.phases.find((p) => p.name === 'verify')!.detail}` : ''}`)
  lines.push('', `  ${r.status.toUpperCase()}  exit ${r.exitCode} (${r.exitMeaning})  reports: ${reportDir}`, '')
  return lines.join('\n')
}
