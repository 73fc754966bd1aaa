// Turns a scenario description (a load shape and a sink) into what a k6 script exports: options,
// setup() and the async VU function. Every scenario file is these few lines around it.

import exec from 'k6/execution'
import { redactText } from '../../stack/redact.ts'
import { EventGenerator } from './events/generator.ts'
import { hash128, hex32 } from './events/hash.ts'
import { parseMix } from './events/mix.ts'
import { catalogProducts, DEFAULT_CATALOG_SIZE, productListedPayload } from './events/products.ts'
import { toRow, type EventRow } from './events/row.ts'
import { positiveInt, text, type Env } from './knobs.ts'
import type { LoadPlan } from './load.ts'
import { eventsWritten, insertDuration, insertErrors, mixSubstitutions, targetRate } from './metrics.ts'
import { rampRate, scheduledOffset } from './schedule.ts'
import { errorText } from './sinks/postgres.ts'
import type { Sink } from './sinks/sink.ts'
import { defaultThresholds } from './thresholds.ts'

export interface ScenarioSpec {
  /** The k6 scenario name (also the bundle name). */
  name: string
  load: (env: Env) => LoadPlan
  sink: (env: Env) => Sink
  /** Stop the test at the first sustained threshold breach (breakpoint). */
  abortOnFail?: boolean
  /** This scenario's own knob defaults (e.g. MIX, BATCH); -e / the environment still win. */
  defaults?: Env
}

/** What setup() hands every VU (JSON, as k6 passes it). */
export interface SetupData {
  runId: string
  seed: string
  catalogSize: number
}

const RUN_ID = /^[A-Za-z0-9._:-]{1,100}$/

function clock(): number {
  // Sub-millisecond when the runtime has it (the node engine), Date.now() in k6.
  const perf = (globalThis as { performance?: { now(): number } }).performance
  return perf ? perf.now() : Date.now()
}

export function newRunId(nowMs: number = Date.now()): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
  return `run-${stamp}-${hex32(hash128(`${nowMs}|${clock()}`)[0]).slice(0, 6)}`
}

export function defineScenario(spec: ScenarioSpec) {
  const env: Env = { ...spec.defaults, ...__ENV }
  const plan = spec.load(env)
  const mix = parseMix(env.MIX)
  const catalogSize = positiveInt(env, 'CATALOG_SIZE', '24') ?? DEFAULT_CATALOG_SIZE
  const sink = spec.sink(env)
  const tags = { sink: sink.name }

  const options = {
    scenarios: { [spec.name]: plan.scenario },
    thresholds: defaultThresholds(env, { abortOnFail: spec.abortOnFail }),
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  }

  async function setup(): Promise<SetupData> {
    const runId = text(env, 'RUN_ID', 'EVENTLOAD_RUN_ID') ?? newRunId()
    if (!RUN_ID.test(runId)) throw new Error(`RUN_ID: expected 1-100 of A-Z a-z 0-9 . _ : -, got "${runId}"`)
    const seed = text(env, 'SEED') ?? runId
    await sink.check()
    const scheduledAtMs = Date.now()
    const rows = catalogProducts(seed, catalogSize).map((product, i) =>
      toRow(
        { type: 'product_listed', aggregate_type: 'product', aggregate_id: product.sku, payload: productListedPayload(product) },
        { seed, runId, origin: { vu: 0, iter: i, k: 0 }, seq: i, scheduledAtMs },
      ),
    )
    try {
      await sink.write(rows, { idempotent: true })
    } catch (error) {
      throw new Error(`${sink.target}: writing the product catalogue failed: ${redactText(errorText(error))}`)
    }
    eventsWritten.add(rows.length, { ...tags, type: 'product_listed' })
    console.info(`eventload ${spec.name}: run ${runId}, seed ${seed}, ${plan.describe}, into ${sink.target}`)
    return { runId, seed, catalogSize }
  }

  let generator: EventGenerator | undefined
  let failures = 0

  function withoutSetup(): SetupData {
    const runId = text(env, 'RUN_ID', 'EVENTLOAD_RUN_ID')
    if (runId === undefined) throw new Error('RUN_ID: required when setup() does not run (--no-setup); the catalogue must then exist already')
    return { runId, seed: text(env, 'SEED') ?? runId, catalogSize }
  }

  async function iteration(setupData: SetupData | undefined): Promise<void> {
    // k6 --no-setup (k6-operator with a cloud output) passes no data: the run must then be named.
    const data = setupData ?? withoutSetup()
    const vu = exec.vu.idInTest
    const iter = exec.vu.iterationInScenario
    generator ??= new EventGenerator({ seed: data.seed, vu, mix, catalogSize: data.catalogSize })
    const startTime = exec.scenario.startTime
    const offset = scheduledOffset(plan.grid, Date.now() - startTime)
    if (plan.grid.kind === 'ramping') targetRate.add(rampRate(plan.grid, offset) * 1000 * plan.batch, tags)
    const first = exec.scenario.iterationInTest * plan.batch
    // The last iteration of a fixed count may carry a partial batch.
    const count = Math.max(1, Math.min(plan.batch, plan.events - first))
    const rows: EventRow[] = []
    for (let k = 0; k < count; k++) {
      const event = generator.next(iter, k)
      if (event.wanted !== undefined) mixSubstitutions.add(1, { wanted: event.wanted })
      rows.push(toRow(event, { seed: data.seed, runId: data.runId, origin: { vu, iter, k }, seq: data.catalogSize + first + k, scheduledAtMs: startTime + offset }))
    }
    const started = clock()
    try {
      await sink.write(rows)
    } catch (error) {
      insertDuration.add(clock() - started, tags)
      generator.rollback()
      insertErrors.add(1, tags)
      // Every failure is counted; the log keeps to the first few and then every 1000th.
      if (++failures <= 3 || failures % 1000 === 0) {
        console.error(`eventload ${spec.name}: VU ${vu} write #${failures} to ${sink.target} failed: ${redactText(errorText(error))}`)
      }
      return
    }
    insertDuration.add(clock() - started, tags)
    generator.commit()
    insertErrors.add(0, tags)
    const perType: Record<string, number> = {}
    for (const row of rows) perType[row.type] = (perType[row.type] ?? 0) + 1
    for (const [type, n] of Object.entries(perType)) eventsWritten.add(n, { ...tags, type })
  }

  return { options, setup, iteration }
}
