// The `k6 run` command line the k6, docker and k6-operator engines hand to k6, built from the
// run spec. Only flags k6 documents (k6-semantics.md; `k6 run --help`).
import { basename } from 'node:path'

export interface K6ArgsInput {
  /** Script path as k6 will see it (host path, or the path inside a container). */
  script: string
  env: Record<string, string>
  tags: Record<string, string>
  /** User --out values, passed through. */
  outs: string[]
  /** Where k6 writes its JSON samples for the dashboard (omitted: none). */
  jsonOut?: string
  /** Where k6 writes --summary-export (omitted: none). */
  summaryExport?: string
  /** k6 execution segment for one of several instances. */
  segment?: { segment: string; sequence: string }
}

export function k6RunArgs(i: K6ArgsInput): string[] {
  const args = ['run']
  for (const [k, v] of Object.entries(i.env)) args.push('-e', `${k}=${v}`)
  for (const [k, v] of Object.entries(i.tags)) args.push('--tag', `${k}=${v}`)
  if (i.jsonOut) args.push('--out', `json=${i.jsonOut}`)
  for (const o of i.outs) args.push('--out', o)
  if (i.summaryExport) args.push(`--summary-export=${i.summaryExport}`)
  if (i.segment) args.push(`--execution-segment=${i.segment.segment}`, `--execution-segment-sequence=${i.segment.sequence}`)
  args.push(i.script)
  return args
}

/** k6-operator's split for runner i of n (k6-semantics.md §5.3): "(i-1)/n:i/n" and "0,1/n,...,1". */
export function segmentFor(i: number, n: number): { segment: string; sequence: string } {
  const point = (k: number) => (k === 0 ? '0' : k === n ? '1' : `${k}/${n}`)
  const sequence = Array.from({ length: n + 1 }, (_, k) => point(k)).join(',')
  return { segment: `${point(i - 1)}:${point(i)}`, sequence }
}

export function scriptName(bundle: string): string {
  return basename(bundle)
}
