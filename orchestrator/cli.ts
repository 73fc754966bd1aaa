// `eventload scenario|verify|tail`: the orchestrator's subcommands, each owned by its folder.
import { pathToFileURL } from 'node:url'

const subcommands: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  scenario: () => import('./scenario/cli.ts'),
  verify: () => import('./verify/cli.ts'),
  tail: () => import('./tail/cli.ts'),
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const load = name ? subcommands[name] : undefined
  if (!load) {
    process.stderr.write(`usage: eventload <${Object.keys(subcommands).join('|')}> [args]\n`)
    return 2
  }
  return (await load()).main(rest)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
