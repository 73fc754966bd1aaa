// Comparing the verifier's findings with the processor's fault ground truth: each finding class
// maps to the fault class that produces it (docs/verifier.md, "fault classes").
import { readFileSync } from 'node:fs'
import type { Finding } from '../../../orchestrator/verify/result-schema.ts'

export const FAULT_CLASS_OF: Partial<Record<Finding['class'], string>> = {
  missing: 'drop',
  duplicate: 'duplicate',
  phantom: 'phantom',
  corrupt: 'corrupt',
  reorder: 'reorder',
  late: 'delay',
}

export interface Comparison {
  truth: Set<string>
  reported: Set<string>
  missed: string[]
  falsePositives: string[]
  /** secondary findings (with a cause) whose cause is not itself reported */
  unexplained: string[]
  secondary: number
}

export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T)
}

export function compareWithGroundTruth(findings: Finding[], truthLines: { class: string; event_id: string; run_id: string | null }[], runId: string): Comparison {
  const truth = new Set(truthLines.filter((t) => t.run_id === runId).map((t) => `${t.class}:${t.event_id}`))
  const key = (f: Finding) => `${FAULT_CLASS_OF[f.class] ?? f.class}:${f.eventId ?? f.entityId ?? '?'}`
  const primary = findings.filter((f) => !f.cause)
  const reported = new Set(primary.map(key))
  const secondary = findings.filter((f) => f.cause)
  const unexplained = secondary
    .filter((f) => !reported.has(`${FAULT_CLASS_OF[f.cause!.class] ?? f.cause!.class}:${f.cause!.eventId}`))
    .map((f) => `${key(f)} <- ${f.cause!.class}:${f.cause!.eventId}`)
  return {
    truth,
    reported,
    missed: [...truth].filter((t) => !reported.has(t)),
    falsePositives: [...reported].filter((r) => !truth.has(r)),
    unexplained,
    secondary: secondary.length,
  }
}
