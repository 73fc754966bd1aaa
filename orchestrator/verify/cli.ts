// `npm run verify -- --run <run_id> [--profile FILE] [--tail DIR|tail.json] [--report-dir DIR] [--late-after 100ms]`
// Verifies one run and writes verification.json + findings.jsonl. Exit codes (the same numbers
// as the orchestrator's, orchestrator/exit-codes.ts): 0 every check passed, 4 a check failed,
// 2 bad arguments or profile, 3 Postgres/MongoDB unreachable, 1 internal error.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Command } from 'commander'
import { redactText } from '../../stack/redact.ts'
import { loadProfileAndConnections, parseCommand, runIdProblem } from '../config/command-line.ts'
import { parseDurationMs } from '../config/duration.ts'
import { profileJsonSchema } from '../profile/load.ts'
import { TAIL_RESULT_FILE } from '../tail/index.ts'
import { VERIFICATION_FILE, verificationJsonSchema, verifyRun, type VerificationResult } from './index.ts'
import { emptyRunHint } from './empty-run.ts'

export const VERIFY_EXIT = { ok: 0, internal: 1, badConfig: 2, unreachable: 3, failed: 4 } as const

interface Flags {
  run?: string
  profile?: string
  tail?: string
  reportDir?: string
  lateAfter?: string
  samples?: string
  expected?: string
  json?: boolean
  printSchema?: string
}

export async function main(argv: string[]): Promise<number> {
  const say = (s: string) => process.stderr.write(`${redactText(s)}\n`)
  const program = new Command('verify')
    .description('Verify one run: completeness, duplicates, phantoms, fields, content, references, projections, order, latency')
    .option('--run <run_id>', 'the run to verify')
    .option('--profile <file>', 'pipeline profile (JSON or YAML); default: the reference processor')
    .option('--tail <path>', 'tail.json (or its directory) from the tail that ran during the load; default: <report-dir>/tail.json when present')
    .option('--report-dir <dir>', 'where verification.json and findings.jsonl go (default reports/<run_id>)')
    .option('--late-after <duration>', 'Kafka -> MongoDB longer than this is a "late" finding (e.g. 200ms)')
    .option('--samples <n>', 'findings kept per check in verification.json (all go to findings.jsonl)', '20')
    .option('--expected <n>', 'events the load reported as written (cross-checked with Postgres)')
    .option('--json', 'print verification.json to stdout')
    .option('--print-schema <which>', 'print a JSON Schema and exit: verification or profile')
  const parsed = await parseCommand<Flags>(program, argv)
  if ('exitCode' in parsed) return parsed.exitCode
  const { flags } = parsed
  if (flags.printSchema !== undefined) {
    const schemas: Record<string, () => unknown> = { verification: verificationJsonSchema, profile: profileJsonSchema }
    const make = schemas[flags.printSchema]
    if (!make) {
      say(`verify: --print-schema: expected verification or profile (got "${flags.printSchema}")`)
      return VERIFY_EXIT.badConfig
    }
    process.stdout.write(JSON.stringify(make(), null, 2) + '\n')
    return VERIFY_EXIT.ok
  }
  const problems: string[] = []
  if (!flags.run) problems.push('--run: required (the run id to verify)')
  else {
    const runProblem = runIdProblem(flags.run)
    if (runProblem) problems.push(runProblem)
  }
  const lateAfterMs = flags.lateAfter === undefined ? undefined : parseDurationMs(flags.lateAfter)
  if (flags.lateAfter !== undefined && !(lateAfterMs !== undefined && lateAfterMs >= 0)) problems.push(`--late-after: expected a duration such as 200ms (got "${flags.lateAfter}")`)
  const samples = Number(flags.samples)
  if (!Number.isInteger(samples) || samples < 0) problems.push(`--samples: expected a whole number >= 0 (got "${flags.samples}")`)
  const expected = flags.expected === undefined ? undefined : Number(flags.expected)
  if (expected !== undefined && !(Number.isInteger(expected) && expected >= 0)) problems.push(`--expected: expected a whole number (got "${flags.expected}")`)
  if (problems.length || !flags.run) {
    for (const p of problems) say(`verify: ${p}`)
    return VERIFY_EXIT.badConfig
  }
  const runId = flags.run
  const reportDir = flags.reportDir ?? join('reports', runId)
  let tail = flags.tail
  if (tail && existsSync(tail) && statSync(tail).isDirectory()) tail = join(tail, TAIL_RESULT_FILE)
  if (tail && !existsSync(tail)) {
    say(`verify: --tail: ${tail} does not exist; pass the tail.json the tail wrote (or leave --tail out)`)
    return VERIFY_EXIT.badConfig
  }
  if (!tail && existsSync(join(reportDir, TAIL_RESULT_FILE))) tail = join(reportDir, TAIL_RESULT_FILE)

  const loaded = await loadProfileAndConnections(flags.profile)
  if ('problem' in loaded) {
    say(`verify: ${loaded.problem}`)
    return VERIFY_EXIT.badConfig
  }
  const { profile, connections } = loaded

  let result: VerificationResult
  try {
    result = await verifyRun({
      connections, profile, runId, reportDir, sampleSize: samples, log: say,
      ...(tail ? { tail } : {}),
      ...(lateAfterMs !== undefined ? { lateAfterMs } : {}),
      ...(expected !== undefined ? { expectedEvents: expected } : {}),
    })
  } catch (error) {
    const message = redactText((error as Error).message)
    if (isConnectionError(error)) {
      say(`verify: cannot reach Postgres or MongoDB: ${message} (is the stack up? \`npm run stack -- status\`)`)
      return VERIFY_EXIT.unreachable
    }
    say(`verify: ${message}`)
    return VERIFY_EXIT.internal
  }
  if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  else process.stdout.write(summary(result, join(reportDir, VERIFICATION_FILE)))
  const hint = emptyRunHint(result, profile)
  if (hint) say(hint)
  return result.pass ? VERIFY_EXIT.ok : VERIFY_EXIT.failed
}

function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string }
  return ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '28P01', '3D000'].includes(e.code ?? '') ||
    e.name === 'MongoServerSelectionError' || /ECONNREFUSED|getaddrinfo/.test(e.message ?? '')
}

function summary(r: VerificationResult, file: string): string {
  const lines = [`run ${r.runId} (profile ${r.profile}): ${r.pass ? 'PASS' : 'FAIL'} — ${r.counts.committed} committed, ${r.counts.arrived} arrived, ${r.counts.documents} documents, ${(r.durationMs / 1000).toFixed(1)} s`]
  for (const c of r.checks) {
    const counts = Object.entries(c.counts).map(([k, v]) => `${k}=${v}`).join(' ')
    lines.push(`  ${c.skipped ? 'skip' : c.pass ? 'pass' : 'FAIL'}  ${c.name.padEnd(13)} ${c.skipped ?? counts}`)
  }
  lines.push('  latency (ms)           p50      p95      p99      max       n  censored negative')
  for (const s of r.latency.stages) {
    const o = s.overall
    const f = (x: number) => x.toFixed(1).padStart(8)
    lines.push(`  ${s.name.padEnd(26)}${f(o.p50)} ${f(o.p95)} ${f(o.p99)} ${f(o.max)} ${String(o.count).padStart(7)} ${String(o.censored).padStart(9)} ${String(o.negative).padStart(8)}`)
  }
  lines.push(`written: ${file}`)
  return lines.join('\n') + '\n'
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
