// How long does `npm run stack -- up` take? Runs an ISOLATED stack (temp state dir, free
// ports; the shared stack is untouched) through the real CLI and times:
//   1. up with a fresh state dir (initdb, Kafka storage format, topics) and the artifact cache as is
//   2. up again while everything runs ("already running": health checks only)
//   3. up after down, state kept (the everyday warm start)
// With --cold-cache, step 1 also starts from an empty artifact cache (Kafka jars via Maven and
// the FerretDB build; Maven's and Go's own caches stay as they are: `.ci/run` rehearsals in
// docs/benchmarks.md cover a machine with nothing cached). Not a test.
//
//   npx tsx bench/stack-up.ts [--cold-cache] [--services postgres,kafka,mongo,prometheus]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { REPO_ROOT } from '../stack/options.ts'
import { freePort } from '../stack/process/ports.ts'

const { values: args } = parseArgs({
  options: {
    'cold-cache': { type: 'boolean', default: false },
    services: { type: 'string', default: 'postgres,kafka,mongo,prometheus' },
  },
})
const services = args.services.split(',')
const stateDir = mkdtempSync(join(tmpdir(), 'eventload-bench-up-'))
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^EVENTLOAD_|^MONGODB_URI$/.test(k)))
env.EVENTLOAD_STATE_DIR = stateDir
if (args['cold-cache']) env.EVENTLOAD_CACHE_DIR = join(stateDir, 'cache')
for (const v of ['PG', 'KAFKA', 'KAFKA_CONTROLLER', 'MONGO', 'PROMETHEUS', 'PROCESSOR_METRICS']) {
  env[`EVENTLOAD_${v}_PORT`] = String(await freePort())
}

async function timed(label: string, ...cli: string[]): Promise<number> {
  const t0 = performance.now()
  const r = await execa(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'stack', 'cli.ts'), ...cli], {
    cwd: REPO_ROOT,
    env,
    extendEnv: false,
    reject: false,
    all: true,
  })
  const s = (performance.now() - t0) / 1000
  if (r.exitCode !== 0) throw new Error(`${label} failed (exit ${r.exitCode}):\n${r.all}`)
  process.stderr.write(`${label.padEnd(34)} ${s.toFixed(1)} s\n`)
  return s
}

const results: Record<string, number> = {}
try {
  results[args['cold-cache'] ? 'up, fresh state, empty artifact cache' : 'up, fresh state'] = await timed('up (fresh state)', 'up', ...services)
  results['up, already running'] = await timed('up (already running)', 'up', ...services)
  await timed('down', 'down', ...services)
  results['up after down (warm)'] = await timed('up (after down, warm)', 'up', ...services)
} finally {
  await timed('down', 'down', ...services).catch((err: Error) => process.stderr.write(`${err.message}\n`))
  rmSync(stateDir, { recursive: true, force: true })
}
console.log(JSON.stringify({ services, at: new Date().toISOString(), seconds: results }, null, 2))
