// What the standalone commands (`eventload tail`, `eventload verify`) share on their command
// line: parsing with commander without letting it exit the process, the run id rule, and loading
// the pipeline profile with the stack's connections, so a bad flag, profile or connections file
// gets the same message and exit code whichever command was run.
import { Command, CommanderError } from 'commander'
import { ConnectionsConfigError, loadConnections, type Connections } from '../../stack/connections.ts'
import { EXIT } from '../exit-codes.ts'
import { loadProfile, ProfileError } from '../profile/load.ts'
import type { PipelineProfile } from '../profile/schema.ts'

import { RUN_ID_PATTERN } from './schema.ts'

/** What is wrong with `--run <value>`, or undefined when nothing is. */
export function runIdProblem(value: string): string | undefined {
  return RUN_ID_PATTERN.test(value) ? undefined : `--run: expected 1-100 of A-Z a-z 0-9 . _ : - (got "${value}")`
}

/**
 * Parses `argv` (user arguments only) with `program`, whose action is replaced. `--help` and
 * `--version` end with exit 0, a usage error (commander prints it to stderr) with 2.
 */
export async function parseCommand<Flags>(program: Command, argv: string[]): Promise<{ flags: Flags } | { exitCode: number }> {
  let flags: Flags | undefined
  program
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .action((f: Flags) => {
      flags = f
    })
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? EXIT.OK : EXIT.BAD_CONFIG }
    throw error
  }
  return flags ? { flags } : { exitCode: EXIT.BAD_CONFIG }
}

/**
 * The profile (default: the reference processor's) and the connections; a bad profile or
 * connections file comes back as its message, anything else is thrown.
 */
export async function loadProfileAndConnections(file: string | undefined): Promise<{ profile: PipelineProfile; connections: Connections } | { problem: string }> {
  try {
    const profile = await loadProfile(file)
    return { profile, connections: loadConnections() }
  } catch (error) {
    if (error instanceof ProfileError || error instanceof ConnectionsConfigError) return { problem: error.message }
    throw error
  }
}
