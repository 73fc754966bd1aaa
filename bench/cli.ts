// `npm run bench`: with no arguments lists the benches in bench/ (name and what each measures);
// `npm run bench -- <name> [args]` runs that one in a child process with the args and returns
// its exit code. Each bench is its own process, as it would be run by hand with `npx tsx`.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { listBenchFiles, type BenchFile } from './catalog.ts'

const BENCH_DIR = import.meta.dirname
// tsx's loader, resolved from here: a bench elsewhere (a test's temp dir) still finds it.
const TSX = import.meta.resolve('tsx')

function listing(benches: BenchFile[]): string {
  const own = benches.filter((b) => !b.helper)
  const width = Math.max(0, ...own.map((b) => b.name.length))
  const lines = own.map((b) => `  ${b.name.padEnd(width)}  ${b.description}`)
  const helpers = benches.filter((b) => b.helper).map((b) => b.name)
  return [
    'usage: npm run bench -- <name> [args]',
    '',
    'benches:',
    ...lines,
    ...(helpers.length > 0 ? ['', `helpers (run by the benches above, also runnable by name): ${helpers.join(', ')}`] : []),
    '',
  ].join('\n')
}

/** Runs `file` under tsx in a child process; resolves to its exit code (128 + n on signal n). */
export function runBench(file: string, args: string[], cwd: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, file, ...args], { stdio: 'inherit', cwd })
    // Ctrl-C reaches the child from the terminal; a SIGTERM sent to us alone is passed on, so the
    // bench can clean up (private topics, temp stacks) instead of being orphaned.
    const onInt = () => undefined
    const onTerm = () => child.kill('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
    const off = () => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    }
    child.on('error', (err) => {
      off()
      fail(err)
    })
    child.on('exit', (code, signal) => {
      off()
      done(code ?? 128 + (signal ? constants.signals[signal] : 0))
    })
  })
}

export async function main(argv: string[], dir = BENCH_DIR): Promise<number> {
  const benches = listBenchFiles(dir)
  const [name, ...args] = argv
  if (name === undefined || name === '-h' || name === '--help') {
    process.stdout.write(listing(benches))
    return 0
  }
  const wanted = basename(name, '.ts')
  const bench = benches.find((b) => b.name === wanted)
  if (!bench) {
    process.stderr.write(`bench: no bench named "${name}" in ${dir}; run \`npm run bench\` for the list (${benches.map((b) => b.name).join(', ')})\n`)
    return 2
  }
  return runBench(bench.file, args, resolve(dir, '..'))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
