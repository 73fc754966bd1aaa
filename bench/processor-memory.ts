// Memory of the reference processor over a compressed soak. Not a test: figures go to
// docs/benchmarks.md ("processor" section, "memory over a soak") and bench/results/.
//
// A processor runs as its own process, exactly as the stack's service does (`processor run`),
// but on a private table, slot, topic, consumer groups and MongoDB database (the helpers of
// bench/processor-throughput.ts), with EVENTLOAD_DEBUG_MEMORY sampling its memory after a
// forced GC. Writers insert commerce flows (customer, order, payment, shipment: new entities
// all the time, like the soak scenario) plus stock adjustments of a fixed 24-product catalogue
// (entities that keep receiving events). With --snapshots, Node writes two heap snapshots of
// the processor (at 1/5 of the load and at its end) into bench/results/heap-<ts>/, for
// `npx tsx bench/heap-diff.ts <first> <second>`.
//
// --before <dir>: a second processor, from another checkout of the repository (e.g. the
// previous commit, `git archive <commit> | tar -x -C <dir>`, node_modules linked), runs side by
// side on a pipeline of its own with the same load, so both see the same machine.
//
//   npx tsx bench/processor-memory.ts [--rate 1000] [--seconds 300] [--sample 15] [--snapshots] [--before <dir>]
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import type pg from 'pg'
import type { MemorySample } from '../processor/debug-memory.ts'
import { REPO_ROOT, resolveStackOptions } from '../stack/options.ts'
import { createPrivatePipeline, waitFor, type PrivatePipeline } from '../test/processor/support/pipeline.ts'
import { flowEvents, insertEvents as insert, testEvent as event } from '../test/processor/support/workload.ts'

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '300' },
    sample: { type: 'string', default: '15' },
    writers: { type: 'string', default: '4' },
    snapshots: { type: 'boolean', default: false },
    before: { type: 'string' },
  },
})
const RATE = Number(args.rate)
const SECONDS = Number(args.seconds)
const WRITERS = Number(args.writers)
const PRODUCTS = Array.from({ length: 24 }, (_, i) => `SKU-BENCH-${10000 + i}`)

/** One transaction per flow (6 events), 40% of them with a stock adjustment: ~6% of events, as in the scenarios' mix. */
async function writeLoad(pool: pg.Pool, table: string, runId: string, until: number): Promise<number> {
  let seq = 0
  let written = 0
  const started = Date.now()
  const client = await pool.connect()
  try {
    await insert(client, table, runId, PRODUCTS.map((sku) => event('product_listed', 'product', sku, { sku, name: sku, initial_stock: 100 })), seq)
    seq += PRODUCTS.length
  } finally {
    client.release()
  }
  const writer = async (w: number) => {
    const c = await pool.connect()
    try {
      for (let flow = 0; Date.now() < until; flow++) {
        const events = flowEvents(w, flow)
        if (Math.random() < 0.4) {
          const sku = PRODUCTS[Math.floor(Math.random() * PRODUCTS.length)]!
          events.push(event('inventory_adjusted', 'product', sku, { sku, warehouse: 'w1', delta: Math.random() < 0.5 ? -1 : 1, reason: 'count' }))
        }
        const due = started + (written / RATE) * 1000
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
        written += events.length
        const first = seq
        seq += events.length
        await insert(c, table, runId, events, first)
      }
    } finally {
      c.release()
    }
  }
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
  return written + PRODUCTS.length
}

async function metric(port: number, name: string): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
    const line = text.split('\n').find((l) => l.startsWith(`${name} `))
    return line ? Number(line.split(' ')[1]) : 0
  } catch {
    return -1 // busy (e.g. writing a heap snapshot): asked again at the next poll
  }
}

type Sample = MemorySample & { variant: string; phase: string; events: number }

interface Instance {
  readonly variant: string
  readonly pipeline: PrivatePipeline
  readonly heapDir: string
  port: number
  phase: string
  events: number
  written: number
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
}

const stamp = Date.now()
const resultsDir = join(REPO_ROOT, 'bench', 'results')
const samples: Sample[] = []

async function launch(variant: string, root: string): Promise<Instance> {
  const pipeline = await createPrivatePipeline(`mem${variant}`, { quiet: true, poolSize: WRITERS + 2 })
  const name = pipeline.name
  const heapDir = join(resultsDir, `heap-${stamp}-${variant}`)
  if (args.snapshots) mkdirSync(heapDir, { recursive: true })
  const nodeFlags = ['--expose-gc', ...(args.snapshots ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : [])]
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', 'processor/cli.ts', 'run', '--table', name, '--slot', name, '--publication', name, '--topic', name,
      '--group', name, '--partitions', '6', '--metrics-port', '0', '--client-id', name],
    {
      cwd: root,
      // Both checkouts use this one's stack (connection settings live in its state dir).
      env: { ...process.env, EVENTLOAD_STATE_DIR: resolveStackOptions().stateDir, EVENTLOAD_MONGO_DB: name, EVENTLOAD_DEBUG_MEMORY: args.sample },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  const instance: Instance = {
    variant, pipeline, heapDir, port: 0, phase: 'idle', events: 0, written: 0, child,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  }
  createInterface({ input: child.stderr }).on('line', (line) => {
    const mem = /processor debug: memory (\{.*\})$/.exec(line)
    if (mem) {
      const s: Sample = { ...(JSON.parse(mem[1]!) as MemorySample), variant, phase: instance.phase, events: instance.events }
      samples.push(s)
      process.stderr.write(
        `${variant.padEnd(7)} ${s.phase.padEnd(6)} t+${String(s.uptimeS).padStart(4)} s  events ${String(s.events).padStart(7)}  rss ${s.rssMb} MB  heapUsed ${s.heapUsedMb} MB  external ${s.externalMb} MB\n`,
      )
      return
    }
    const started = /metrics :(\d+)/.exec(line)
    if (started) instance.port = Number(started[1])
    if (/error|fail/i.test(line)) process.stderr.write(`${variant} processor: ${line}\n`)
  })
  const slotActive = async () => (await pipeline.pool.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [name])).rowCount === 1
  if (!(await waitFor(async () => instance.port > 0 && (await slotActive()), 60_000, 200))) throw new Error(`${variant}: processor did not start streaming in 60 s`)
  return instance
}

const loadStart = loadavg()
const instances: Instance[] = []
const variants: [string, string][] = [['current', REPO_ROOT], ...(args.before ? [['before', args.before] as [string, string]] : [])]
try {
  for (const [variant, root] of variants) instances.push(await launch(variant, root))
  for (const i of instances) i.phase = 'load'
  const until = Date.now() + SECONDS * 1000
  const progress = setInterval(() => {
    for (const i of instances) void metric(i.port, 'eventload_processor_projected_total').then((n) => (i.events = Math.max(i.events, n)))
  }, 2_000)
  const snapshot = () => {
    if (args.snapshots) for (const i of instances) i.child.kill('SIGUSR2')
  }
  const early = setTimeout(snapshot, (SECONDS * 1000) / 5)
  early.unref()
  await Promise.all(instances.map(async (i) => (i.written = await writeLoad(i.pipeline.pool, i.pipeline.table, `mem-${stamp}`, until))))
  snapshot()
  for (const i of instances) i.phase = 'drain'
  await Promise.all(
    instances.map(async (i) => {
      const caughtUp = async () =>
        (await metric(i.port, 'eventload_processor_consumed_total')) >= i.written && (await metric(i.port, 'eventload_processor_projected_total')) >= i.written
      if (!(await waitFor(caughtUp, 600_000, 1_000))) throw new Error(`${i.variant}: the processor did not catch up within 10 min`)
      i.events = i.written
      i.phase = 'after'
    }),
  )
  clearInterval(progress)
  // Two more samples after the drain: what stays once nothing is in flight.
  await new Promise((r) => setTimeout(r, Number(args.sample) * 2000 + 500))
} finally {
  for (const i of instances) {
    i.child.kill('SIGTERM')
    const code = await Promise.race([i.exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))])
    if (code === 'timeout') {
      process.stderr.write(`${i.variant}: the processor had not exited 30 s after SIGTERM; killed\n`)
      i.child.kill('SIGKILL')
      await i.exited
    }
    await i.pipeline.cleanup()
  }
}

const loadEnd = loadavg()
const file = join(resultsDir, `processor-memory-${stamp}.json`)
const written = Object.fromEntries(instances.map((i) => [i.variant, i.written]))
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), rate: RATE, seconds: SECONDS, writers: WRITERS, written, loadStart, loadEnd, samples }, null, 2))
process.stderr.write(
  `events per processor ${JSON.stringify(written)}; load average at start ${loadStart.map((l) => l.toFixed(1)).join(' ')}, at end ${loadEnd.map((l) => l.toFixed(1)).join(' ')}\nresults: ${file}\n`,
)
if (args.snapshots) process.stderr.write(`heap snapshots: ${instances.map((i) => i.heapDir).join(' ')}\n`)
