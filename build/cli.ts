// `npm run build [-- [--force] [scenario...]]`: bundles the scenarios that changed since the last
// build into dist/k6/ and prints one line per bundle.

import { pathToFileURL } from 'node:url'
import { relative } from 'node:path'
import { buildScenarios } from './bundle.ts'

const USAGE = 'usage: npm run build -- [--force] [scenario ...]   (no name = every scenario)'

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const flags = argv.filter((a) => a.startsWith('-'))
  const unknown = flags.filter((f) => f !== '--force')
  if (unknown.length > 0) {
    process.stderr.write(`unknown option ${unknown.join(', ')}\n${USAGE}\n`)
    return 2
  }
  const started = performance.now()
  try {
    const results = await buildScenarios({ names: argv.filter((a) => !a.startsWith('-')), force: flags.includes('--force') })
    for (const r of results) {
      const size = `${(r.bytes / 1024).toFixed(1)} KB`.padStart(9)
      process.stdout.write(`${r.status === 'built' ? 'built' : 'fresh'}  ${relative(process.cwd(), r.file).padEnd(28)} ${size}${r.reason ? `  (${r.reason})` : ''}\n`)
    }
    const built = results.filter((r) => r.status === 'built').length
    process.stdout.write(`${built} built, ${results.length - built} fresh in ${Math.round(performance.now() - started)} ms\n`)
    return 0
  } catch (error) {
    process.stderr.write(`build: ${(error as Error).message}\n`)
    return 1
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
