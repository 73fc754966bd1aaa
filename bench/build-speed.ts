// Benchmark: how long bundling the scenarios takes, cold and warm, measured side by side in one
// run: a first build into an empty directory (esbuild started in this process), a forced rebuild
// of every bundle, a warm run where nothing changed (the incremental check only), and the
// user-facing `npm run build` command with nothing to do (process start included).
// Run: npx tsx bench/build-speed.ts [--repeat 5]

import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { buildScenarios } from '../build/bundle.ts'
import { REPO_ROOT } from '../stack/options.ts'

async function timed(fn: () => unknown): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

export async function main(argv: string[]): Promise<number> {
  const i = argv.indexOf('--repeat')
  const repeat = i >= 0 ? Number(argv[i + 1]) : 5
  const outDir = mkdtempSync(join(tmpdir(), 'eventload-build-bench-'))
  try {
    const first = await timed(() => buildScenarios({ outDir }))
    const forced: number[] = []
    const warm: number[] = []
    const cli: number[] = []
    for (let r = 0; r < repeat; r++) {
      forced.push(await timed(() => buildScenarios({ outDir, force: true })))
      warm.push(await timed(() => buildScenarios({ outDir })))
    }
    // The real command against the repo's dist/k6, made fresh first.
    await buildScenarios({})
    for (let r = 0; r < repeat; r++) {
      cli.push(await timed(() => execFileSync('npx', ['tsx', 'build/cli.ts'], { cwd: REPO_ROOT, stdio: 'ignore' })))
    }
    const count = (await buildScenarios({ outDir })).length
    process.stdout.write(
      `bundling ${count} scenarios (median of ${repeat})\n` +
        `first build, empty dir, esbuild cold   ${first.toFixed(0).padStart(6)} ms\n` +
        `forced rebuild of all bundles          ${median(forced).toFixed(0).padStart(6)} ms\n` +
        `warm, nothing changed (check only)     ${median(warm).toFixed(1).padStart(6)} ms\n` +
        `npm run build, nothing changed (CLI)   ${median(cli).toFixed(0).padStart(6)} ms\n`,
    )
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
  return 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
