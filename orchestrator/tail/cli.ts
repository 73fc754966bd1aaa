// `npm run tail -- --run <run_id> [--profile FILE] [--out DIR] [--from-beginning] [--duration 60s] [--workers N]`
// Tails the profile's topics for one run until Ctrl-C (or --duration), printing progress to
// stderr, then writes <out>/tail.json (+ the tail-events-<n>.bin spill files) and prints a summary.
// Exit codes (same numbers as the orchestrator's): 0 ok, 2 bad arguments or profile,
// 3 Kafka unreachable.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Command } from 'commander'
import { redactText } from '../../stack/redact.ts'
import { loadProfileAndConnections, parseCommand, runIdProblem } from '../config/command-line.ts'
import { parseDurationMs } from '../config/duration.ts'
import { startTail, type TailStats } from './index.ts'

const EXIT = { ok: 0, badConfig: 2, unreachable: 3 } as const

interface Flags {
  run: string
  profile?: string
  out?: string
  fromBeginning?: boolean
  duration?: string
  workers?: string
  json?: boolean
}

export async function main(argv: string[]): Promise<number> {
  const say = (s: string) => process.stderr.write(`${redactText(s)}\n`)
  const program = new Command('tail')
    .description('Follow the Kafka topics of a pipeline profile for one run: per-event timing and duplicates')
    .requiredOption('--run <run_id>', 'the run to follow (records of other runs are counted and skipped)')
    .option('--profile <file>', 'pipeline profile (JSON or YAML); default: the reference processor')
    .option('--out <dir>', 'where tail.json and the tail-events-<n>.bin spill files go (default reports/<run_id>)')
    .option('--from-beginning', 'read the partitions from their start instead of their end offsets')
    .option('--duration <d>', 'stop after this long (e.g. 60s, 5m); default: until Ctrl-C')
    .option('--workers <n>', 'fetch worker threads sharing the partitions (default 2)')
    .option('--json', 'print the whole result as JSON on stdout')
  const parsed = await parseCommand<Flags>(program, argv)
  if ('exitCode' in parsed) return parsed.exitCode
  const { flags } = parsed
  const runProblem = runIdProblem(flags.run)
  if (runProblem) {
    say(`tail: ${runProblem}`)
    return EXIT.badConfig
  }
  // The default dir is a run's report dir: its tail.json is what the run's own tail recorded
  // during the load (the verifier reads it), and a second tail there would replace it.
  const defaultDir = join('reports', flags.run)
  if (flags.out === undefined && ['tail.json', 'tail-events-0.bin'].some((f) => existsSync(join(defaultDir, f)))) {
    say(`tail: ${defaultDir} already holds this run's tail (tail.json / tail-events-*.bin, which its verification reads); pass --out <dir> to write this one elsewhere`)
    return EXIT.badConfig
  }
  const durationMs = flags.duration === undefined ? undefined : parseDurationMs(flags.duration)
  if (flags.duration !== undefined && !(durationMs !== undefined && durationMs > 0)) {
    say(`tail: --duration: expected a duration such as 30s or 5m (got "${flags.duration}")`)
    return EXIT.badConfig
  }
  const workers = flags.workers === undefined ? undefined : Number(flags.workers)
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
    say(`tail: --workers: expected a whole number from 1 to 64 (got "${flags.workers}")`)
    return EXIT.badConfig
  }
  const loaded = await loadProfileAndConnections(flags.profile)
  if ('problem' in loaded) {
    say(`tail: ${loaded.problem}`)
    return EXIT.badConfig
  }
  const { profile, connections } = loaded

  const dir = flags.out ?? defaultDir
  const tail = startTail({
    connections,
    profile,
    runId: flags.run,
    dir,
    fromBeginning: flags.fromBeginning ?? false,
    ...(workers !== undefined ? { workers } : {}),
    onProgress: (s) => say(progressLine(s)),
    log: say,
  })
  try {
    await tail.ready
  } catch (error) {
    say(`tail: ${(error as Error).message} (is Kafka at ${connections.kafka.brokers.join(',')} up? \`npm run stack -- up kafka\`)`)
    await tail.stop({ catchUp: false }).catch(() => undefined)
    return EXIT.unreachable
  }
  say(`tail: following ${profile.kafka.topics.join(', ')} for run ${flags.run} (profile ${profile.name}); Ctrl-C to stop`)
  await new Promise<void>((resolve) => {
    const done = () => resolve()
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
    if (durationMs !== undefined) setTimeout(done, durationMs).unref()
  })
  say('tail: stopping (catching up to the high watermarks)')
  const result = await tail.stop()
  if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  else {
    const p = result.pgToKafka.overall
    process.stdout.write(
      `run ${result.runId}: ${result.counts.events} records of the run (${result.counts.uniqueEvents} events, ` +
        `${result.counts.duplicateRecords} duplicate records), ${result.counts.otherRuns} of other runs, ${result.counts.unreadable} unreadable\n` +
        `postgres->kafka ms: p50 ${p.p50} p95 ${p.p95} p99 ${p.p99} max ${p.max} (n=${p.count}, negative ${p.negative})\n` +
        `written: ${dir}/tail.json\n`,
    )
  }
  return EXIT.ok
}

function progressLine(s: TailStats): string {
  const p = s.pgToKafka.overall
  return (
    `tail ${(s.elapsedMs / 1000).toFixed(0)}s: ${s.events} events (${s.duplicates} dup), lag ${s.lag}, ` +
    `pg->kafka p50 ${p.p50} p99 ${p.p99} ms${s.lastError ? `, last error: ${s.lastError}` : ''}`
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
