#!/usr/bin/env node
// The `eventload` command: one entry point that hands each subcommand to the folder that owns it.
// The sources are TypeScript run through tsx's loader, so there is no separate compile step.
import { register } from 'tsx/esm/api'

register()

const commands = {
  run: '../engine/cli.ts',
  scenario: '../orchestrator/cli.ts',
  verify: '../orchestrator/cli.ts',
  tail: '../orchestrator/cli.ts',
  stack: '../stack/cli.ts',
  processor: '../processor/cli.ts',
  build: '../build/cli.ts',
}

const [command, ...rest] = process.argv.slice(2)
if (!command || !(command in commands)) {
  process.stderr.write(
    `usage: eventload <${Object.keys(commands).join('|')}> [args]\n` +
      (command ? `unknown command "${command}"\n` : ''),
  )
  process.exitCode = 2
} else {
  const mod = await import(new URL(commands[command], import.meta.url).href)
  // orchestrator/cli.ts serves several subcommands, so it gets the subcommand name too.
  const argv = commands[command] === '../orchestrator/cli.ts' ? [command, ...rest] : rest
  process.exitCode = await mod.main(argv)
}
