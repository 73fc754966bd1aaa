// `npm run scenario -- <name> [flags]` / `eventload scenario <name> [flags]`. No name: the list
// of scenarios. Errors print their message (no stack unless --debug) and set the exit code of
// docs/exit-codes.md.
import { pathToFileURL } from 'node:url'
import { CommanderError } from 'commander'
import { scenarioNames } from '../../build/entries.ts'
import { loadRunConfig } from '../config/load.ts'
import { ExitError } from '../errors.ts'
import { EXIT } from '../exit-codes.ts'
import { processContext, type RunContext } from '../run/context.ts'
import { parseScenarioFlags, scenarioCommand } from './flags.ts'
import { formatScenarioList, listScenarios } from './list.ts'

export async function main(argv: string[], ctx: RunContext = processContext()): Promise<number> {
  const cmd = scenarioCommand()
  cmd.configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: (s) => ctx.stderr.write(s) })
  let parsed
  try {
    parsed = parseScenarioFlags(cmd, argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; a malformed flag (missing value) with 2.
      return err.exitCode === 0 ? EXIT.OK : EXIT.BAD_CONFIG
    }
    throw err
  }
  const debug = parsed.flags.debug?.value === true
  if (!parsed.scenario && parsed.issues.length === 0) {
    ctx.stdout(`scenarios (npm run scenario -- <name> [flags]; --help for the flags):\n${formatScenarioList(listScenarios())}\n`)
    return EXIT.OK
  }
  try {
    let config
    try {
      config = loadRunConfig({ flags: parsed.flags, env: ctx.env, cwd: ctx.cwd, scenarios: scenarioNames() })
    } catch (err) {
      if (err instanceof ExitError && parsed.issues.length) {
        const issues = [...parsed.issues, ...((err as { issues?: string[] }).issues ?? [])]
        throw new ExitError(EXIT.BAD_CONFIG, `invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`)
      }
      throw err
    }
    if (parsed.issues.length) throw new ExitError(EXIT.BAD_CONFIG, `invalid configuration:\n${parsed.issues.map((i) => `  - ${i}`).join('\n')}`)
    // Loaded only for a run: listing and --help stay quick.
    const { runScenario } = await import('../run/run-scenario.ts')
    return await runScenario(config, ctx)
  } catch (err) {
    if (err instanceof ExitError) {
      ctx.stderr.write(`${err.message}\n`)
      if (debug && err.stack) ctx.stderr.write(`${err.stack}\n`)
      return err.code
    }
    ctx.stderr.write(`eventload scenario: internal error, please report it with this output:\n${(err as Error).stack ?? String(err)}\n`)
    return EXIT.INTERNAL
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
