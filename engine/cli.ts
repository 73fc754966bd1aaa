// `eventload run <bundle.js> [k6 flags]`: the node engine on the command line. Exit codes
// are k6's. The first SIGINT/SIGTERM stops gracefully (teardown and summary still run, exit
// 105); a second one exits at once with 105.
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { CommanderError } from 'commander'
import { parseArgs, type ParsedArgs } from './cli/flags.ts'
import { ExitCode } from './run/exit-codes.ts'
import { runTest } from './run/runner.ts'
import type { RunResult } from './run/types.ts'

export async function main(argv: string[]): Promise<number> {
  let args: ParsedArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : ExitCode.GENERIC
    process.stderr.write(`${(err as Error).message}\n`)
    return ExitCode.INVALID_CONFIG
  }
  for (const w of args.warnings) process.stderr.write(`WARN ${w}\n`)
  const stop = new AbortController()
  let signals = 0
  const onSignal = (sig: NodeJS.Signals) => {
    signals++
    if (signals === 1) {
      process.stderr.write(`\nStopping the test in response to ${sig}; send it again to exit at once\n`)
      stop.abort()
      return
    }
    process.stderr.write(`Aborting the test in response to a second ${sig}\n`)
    process.exit(ExitCode.EXTERNAL_ABORT)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const send = args.ipc && process.send ? (m: unknown) => void process.send!(m) : undefined
  try {
    const result: RunResult = await runTest({
      script: args.script,
      cliOptions: args.cliOptions,
      env: args.env,
      includeSystemEnv: args.includeSystemEnv,
      ...(args.configFile ? { configFile: args.configFile } : {}),
      quiet: args.quiet,
      verbose: args.verbose,
      signal: stop.signal,
      ...(send
        ? {
            onProgress: (p) => send({ type: 'progress', progress: p }),
            onSnapshot: (s) => send({ type: 'snapshot', snapshot: s }),
          }
        : {}),
    })
    if (args.resultFile) writeFileSync(args.resultFile, JSON.stringify(result))
    if (send) send({ type: 'result', result })
    return result.exitCode
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
