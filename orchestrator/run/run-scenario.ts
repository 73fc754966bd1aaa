// One `npm run scenario <name>`: preflight, stack ensure, build if stale, Kafka tail, readiness
// probe, load, drain, verify, report, each a visible phase. Returns the exit code; never calls
// process.exit (only the bin does), so the report is always written before the process ends.
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { MongoClient } from 'mongodb'
import { join, resolve } from 'node:path'
import { ensureBundle } from '../../build/bundle.ts'
import { bundlePath } from '../../build/entries.ts'
import type { Connections } from '../../stack/connections.ts'
import type { RunConfig } from '../config/schema.ts'
import { Dashboard } from '../dashboard/terminal.ts'
import type { EngineResult, EngineRun, EngineRunSpec } from '../engines/engine.ts'
import { ConfigError, ExitError, PreflightError } from '../errors.ts'
import { EXIT, exitMeaning, finalExitCode } from '../exit-codes.ts'
import { PrometheusRemoteWrite, remoteWriteOptions } from '../outputs/prometheus-rw.ts'
import { pipelineSeries } from '../outputs/pipeline-series.ts'
import { loadProfile, ProfileError, type PipelineProfile } from '../profile/index.ts'
import { pipelineSummary } from '../reports/console.ts'
import type { DrainOutcome, RunReport, VerificationOutcome } from '../reports/model.ts'
import { REPORT_SCHEMA_VERSION } from '../reports/model.ts'
import { writeReports } from '../reports/write.ts'
import { LoadStats } from '../stats/load-stats.ts'
import { EMPTY_PIPELINE, liveCoverage, type PipelineSnapshot } from '../stats/pipeline.ts'
import type { Tail, TailResult } from '../tail/types.ts'
import type { VerificationResult } from '../verify/result-schema.ts'
import type { RunContext } from './context.ts'
import { drain, settle } from './drain.ts'
import { ENGINE_IMPLS } from './engines.ts'
import { Interrupt, untilAborted } from './interrupt.ts'
import { buildManifest } from './manifest.ts'
import { MongoWatch } from './mongo-watch.ts'
import { idIsEventId, openRunArrivals, type RunArrivals } from './arrival-count.ts'
import { checkLocalHistory } from './history-check.ts'
import { ConsumerLag } from './consumer-lag.ts'
import { topology } from '../../stack/topology.ts'
import { PhaseLog } from './phase-log.ts'
import { startMemoryDebug } from './debug-memory.ts'
import { loadTail, loadVerifier, pipelineFigures, toPercentiles, verificationOutcome } from './pipeline.ts'
import { probePipeline, ProbeError } from './probe.ts'
import { planFromLog, runTags, scenarioEnv } from './scenario-env.ts'
import { checkServices, connectionsFor, ensureLocalStack, problemsOf, usesLocalStack } from './services.ts'
import { unverifiableReason } from './verifiable.ts'

const PROBE_TIMEOUT_MS = 60_000
const TAIL_READY_TIMEOUT_MS = 30_000
/** After a first Ctrl-C the drain is bounded by this, whatever --drain-timeout says. */
const INTERRUPTED_DRAIN_MAX_MS = 30_000

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<T>((_, rej) => (t = setTimeout(() => rej(new Error(`${what} did not finish within ${ms / 1000}s`)), ms)))])
  } finally {
    clearTimeout(t)
  }
}

/** The consumer groups whose progress the drain waits for (the reference processor's two by default). */
function pipelineGroups(config: RunConfig): string[] {
  const g = topology.processor.consumerGroup
  return config.consumerGroup ?? (config.profile ? [] : [g, `${g}-projections`])
}

/** Records the pipeline's consumer groups have not committed yet (undefined: none or unknown). */
async function consumerBacklog(connections: Connections, profile: PipelineProfile, groups: string[]): Promise<number | undefined> {
  if (!groups.length) return undefined
  const lag = new ConsumerLag(connections.kafka, groups, profile.kafka.topics)
  try {
    const n = await lag.lagUntil(await lag.ends())
    return n > 0 ? n : undefined
  } finally {
    await lag.close()
  }
}

export async function runScenario(config: RunConfig, ctx: RunContext): Promise<number> {
  const startedAt = new Date()
  const runDir = resolve(ctx.cwd, config.reportDir, config.runId)
  const interrupt = new Interrupt()
  const load = new LoadStats(config.rate)
  let plannedMs: number | undefined
  let pipeline: PipelineSnapshot = EMPTY_PIPELINE
  let tail: Tail | undefined
  let watch: MongoWatch | undefined
  let runArrivals: RunArrivals | undefined
  let engineRun: EngineRun | undefined
  let remoteWrite: PrometheusRemoteWrite | undefined
  let drainArrived = 0
  const arrivals: RunReport['arrivals'] = []
  const sampleArrivals = setInterval(() => {
    if (load.start === undefined) return
    const p = livePipeline()
    arrivals.push({ t: Math.round((Date.now() - load.start) / 1000), inKafka: p.inKafka, inMongo: p.inMongo })
  }, 1000)
  sampleArrivals.unref()
  const dashboard = new Dashboard(
    () => ({ scenario: config.scenario, runId: config.runId, engine: config.engine, workers: config.workers, phase: phases.current, ...(plannedMs ? { plannedMs } : {}), load: load.snapshot(Date.now()), pipeline: livePipeline() }),
    ctx.stderr,
    config.dashboard,
  )
  const say = (line: string) => dashboard.log(line)
  const phases = new PhaseLog(say)
  const stopMemoryDebug = startMemoryDebug(ctx.env, runDir, say)
  const livePipeline = (): PipelineSnapshot => {
    const t = tail?.stats()
    const inMongo = Math.max(watch?.arrived ?? 0, drainArrived)
    const c = runArrivals?.arrivals.progress()
    return {
      inKafka: t ? t.events - t.duplicates : 0,
      inMongo,
      ...(c ? { mongoCoverage: liveCoverage({ progress: { ...c, found: inMongo }, written: load.written, loading: phases.current === 'load', ...(watch ? { lookupsPerSec: watch.lookupsPerSec() } : {}) }) } : {}),
      stages: {
        ...(t ? { pgToKafka: toPercentiles(t.pgToKafka.overall) } : {}),
        ...(watch ? { kafkaToMongo: watch.kafkaToMongo.summary(), endToEnd: watch.endToEnd.summary() } : {}),
      },
      recent: watch?.recent ?? [],
    }
  }
  const offSignal = ctx.onSignal((sig) => {
    if (interrupt.trigger(sig) === 'graceful') {
      say(`${sig}: stopping the load gracefully, then drain (at most ${INTERRUPTED_DRAIN_MAX_MS / 1000}s), verify and report. ${sig} again stops at once.`)
      engineRun?.stop()
    } else {
      say(`${sig} again: stopping now and writing what the run has`)
      engineRun?.kill()
    }
  })

  let connections: Connections | undefined
  let profile: PipelineProfile | undefined
  let result: EngineResult | undefined
  let drained: DrainOutcome | undefined
  let verification: VerificationOutcome | undefined
  let verifyResult: VerificationResult | undefined
  let tailResult: TailResult | undefined
  let probe: RunReport['probe']
  let failure: ExitError | undefined
  // k6-operator without --apply only renders the manifests: no load runs from here to follow.
  const pipelineOn = config.engine !== 'k6-operator' || config.apply
  say(`eventload ${config.scenario}: run ${config.runId}, engine ${config.engine}${config.workers > 1 ? ` ×${config.workers}` : ''}, reports in ${runDir}`)
  try {
    mkdirSync(runDir, { recursive: true })
    const bundle = bundlePath(config.scenario)
    const spec = (): EngineRunSpec => ({ config, bundle, env: scenarioEnv(config, connections), tags: runTags(config), runDir })
    const engine = ENGINE_IMPLS[config.engine]

    await phases.run('preflight', async () => {
      connections = connectionsFor(ctx.env, ctx.cwd)
      try {
        profile = await loadProfile(config.profile)
      } catch (err) {
        if (err instanceof ProfileError) throw new ConfigError([`--profile: ${err.message}`])
        throw err
      }
      if (!pipelineOn) return { value: undefined, detail: 'k6-operator: services are checked from the cluster' }
      if (usesLocalStack(connections) && config.stack) return { value: undefined, detail: 'local stack: checked and started in the next phase' }
      const problems = problemsOf(await checkServices(connections, ctx.env), connections)
      if (problems.length) throw new PreflightError(problems)
      return { value: undefined, detail: 'postgres, kafka, mongo reachable' }
    })

    if (pipelineOn && usesLocalStack(connections!) && config.stack) {
      await phases.run('stack', async () => {
        const lines = await ensureLocalStack(ctx.env, () => {})
        const started = lines.filter((l) => l.includes('started'))
        return { value: undefined, detail: started.length ? `started the local stack: ${lines.join(', ')}` : `local stack already running (${lines.map((l) => l.split(' ')[0]).join(', ')})` }
      })
    } else {
      phases.skip('stack', !pipelineOn ? 'k6-operator' : config.stack ? 'external services (EVENTLOAD_* URLs or config file): not starting the local stack' : '--no-stack')
    }

    if (pipelineOn && usesLocalStack(connections!)) {
      const warning = await checkLocalHistory(connections!, profile!)
      if (warning) say(warning)
    }

    await phases.run('build', async () => {
      const b = await ensureBundle(config.scenario)
      const unverifiable = config.verify && pipelineOn ? unverifiableReason(config.scenario, bundle) : undefined
      if (unverifiable) throw new ConfigError([unverifiable])
      const problems = await engine.preflight(spec())
      if (problems.length) throw new PreflightError(problems)
      return { value: undefined, detail: `${b.status === 'built' ? `built (${b.reason})` : 'fresh'}: ${bundle}` }
    })

    if (pipelineOn && !interrupt.interrupted) {
      await phases.run('tail', async () => {
        const tails = await loadTail()
        tail = tails.startTail({ connections: connections!, profile: profile!, runId: config.runId, dir: runDir, signal: interrupt.hard.signal, log: say })
        await withTimeout(tail.ready, TAIL_READY_TIMEOUT_MS, 'the Kafka tail')
        return { value: undefined, detail: `tailing ${profile!.kafka.topics.join(', ')} from the end offsets` }
      })
      await phases.run('probe', async () => {
        try {
          const p = await probePipeline({ connections: connections!, profile: profile!, runId: config.runId, timeoutMs: PROBE_TIMEOUT_MS, signal: interrupt.graceful.signal })
          probe = { runId: p.runId, eventId: p.eventId, ms: p.ms }
          runArrivals = await openRunArrivals({ connections: connections!, profile: profile!, runId: config.runId, idIsEventId: idIsEventId(profile!, p), log: say })
        } catch (err) {
          if (err instanceof ProbeError && !interrupt.interrupted) {
            const backlog = await consumerBacklog(connections!, profile!, pipelineGroups(config)).catch(() => undefined)
            const problem = backlog ? `${err.message}; the consumer group(s) still have ${backlog} records of earlier runs to process before it` : err.message
            const fix = backlog ? 'let the processor work off the backlog (or give the run its own topic/stack), then run again' : 'is the processor running and consuming? `npm run stack -- status`, `npm run stack -- logs processor`'
            throw new PreflightError([{ what: 'pipeline', problem, fix }])
          }
          throw err
        }
        return { value: undefined, detail: `one event through Postgres → Kafka → MongoDB in ${probe.ms} ms (run ${probe.runId}, not counted)` }
      })
      watch = new MongoWatch(connections!, profile!, config.runId, runArrivals?.arrivals)
      watch.start()
    } else {
      phases.skip('tail', pipelineOn ? 'interrupted' : 'k6-operator')
      phases.skip('probe', pipelineOn ? 'interrupted' : 'k6-operator')
    }

    // The node engine's samples go out as k6_* series here; k6 itself pushes them with the k6
    // engines. The pipeline gauges are ours with every engine.
    const pushEngineSamples = config.engine === 'node'
    if (config.out.some((o) => o.startsWith('experimental-prometheus-rw'))) {
      remoteWrite = new PrometheusRemoteWrite({ ...remoteWriteOptions(ctx.env, connections!.prometheus.url), onError: say })
      remoteWrite.addSource(() => pipelineSeries({ written: load.written, pipeline: livePipeline() }, { testid: config.runId, scenario: config.scenario }, Date.now()))
    }
    if (!interrupt.interrupted) {
      phases.current = 'load'
      remoteWrite?.start()
      dashboard.start()
      const t0 = performance.now()
      engineRun = engine.start(spec(), {
        samples: (batch) => {
          load.ingest(batch)
          if (pushEngineSamples) remoteWrite?.add(batch)
        },
        log: (line) => {
          const plan = planFromLog(line)
          if (plan) plannedMs = plan.durationMs
          if (plan && load.plannedRate === undefined) load.targetRate ??= plan.rate
          say(line)
        },
      })
      result = (await untilAborted(engineRun.done, interrupt.hard.signal)) ?? { exitCode: EXIT.INTERRUPTED, errorTail: ['stopped by a second interrupt before the engine finished'] }
      load.finish(Date.now())
      const status = interrupt.interrupted ? 'interrupted' : result.exitCode === 0 || result.exitCode === EXIT.THRESHOLDS_FAILED ? 'ok' : 'failed'
      phases.mark('load', status, performance.now() - t0, result.handedOff ? 'handed off' : `engine exit ${result.exitCode} (${exitMeaning(result.exitCode)}), ${result.note ?? `${load.written} events written`}`)
      if (result.handedOff) say(result.handedOff)
    } else {
      phases.skip('load', 'interrupted before the load started')
    }

    // What the load says it committed; with several workers each ran setup() and counted the
    // (idempotent) catalogue again, as k6 instances do, so Postgres is asked instead (and for a
    // k6-operator run, whose samples stay in the cluster).
    let expected = Number(result?.summary?.metrics.events_written?.values.count ?? load.written)
    const countCommitted = config.workers > 1 || config.engine === 'k6-operator'
    // An engine that failed before writing anything (bad options, an init error) leaves nothing
    // to drain or verify: a "failed: completeness" for 0 events would only be noise. Not for
    // k6-operator, whose samples (hence load.written) stay in the cluster.
    const failedEmpty = !!result && config.engine !== 'k6-operator' && result.exitCode !== 0 && result.exitCode !== EXIT.THRESHOLDS_FAILED && !interrupt.interrupted && load.written === 0
    if (config.verify && pipelineOn && result && !result.handedOff && !interrupt.hard.signal.aborted && !failedEmpty) {
      const verifier = await loadVerifier()
      if (countCommitted) expected = await verifier.countCommitted({ connections: connections!, profile: profile!, runId: config.runId })
      if (config.engine === 'k6-operator') load.written = expected
      phases.current = 'drain'
      drained = await phases.runUnless(interrupt.hard.signal, 'stopped by a second interrupt', 'drain', async () => {
        const client = new MongoClient(connections!.mongo.url, { appName: 'eventload-drain', serverSelectionTimeoutMS: 5000 })
        const counter = runArrivals?.arrivals
        const arrived = counter ? () => counter.count() : () => verifier.countArrived({ connections: connections!, profile: profile!, runId: config.runId, client })
        // The drain's own count is authoritative now; the dashboard's watch would only add load.
        await watch?.stop()
        const groups = pipelineGroups(config)
        const lag = groups.length ? new ConsumerLag(connections!.kafka, groups, profile!.kafka.topics) : undefined
        try {
          // A count is a few thousand _id lookups or, by run id, a scan on FerretDB: once a second is plenty.
          const bounded = { stallMs: config.drainTimeout, pollMs: 1000, maxMs: INTERRUPTED_DRAIN_MAX_MS, capFrom: interrupt.graceful.signal, signal: interrupt.hard.signal }
          const d = await drain({ expected, arrived, ...bounded, onProgress: (n) => (drainArrived = n) })
          if (!d.drained || !lag) return { value: d, detail: d.reason, ...(d.drained ? {} : { status: 'failed' as const }) }
          // Documents are in; wait for the consumer to finish the rest of its work (projections)
          // and commit its offsets.
          const ends = await lag.ends()
          const st = await settle({ remaining: () => lag.lagUntil(ends), ...bounded })
          if (!st.settled) {
            const reason = `all ${expected} event documents in MongoDB, but consumer group(s) ${groups.join(', ')} still had ${st.remaining} uncommitted records after ${(st.waitedMs / 1000).toFixed(0)}s more`
            return { value: { ...d, drained: false, remaining: 0, reason }, detail: reason, status: 'failed' as const }
          }
          d.reason += `; consumer group(s) ${groups.join(', ')} caught up ${(st.waitedMs / 1000).toFixed(1)}s later`
          return { value: d, detail: `${d.reason} (counted by ${counter?.describe() ?? 'countDocuments on the run id'})` }
        } finally {
          await client.close().catch(() => {})
          await lag?.close().catch(() => {})
        }
      })
      if (!interrupt.hard.signal.aborted) {
        verifyResult = await phases.runUnless(interrupt.hard.signal, 'stopped by a second interrupt', 'verify', async () => {
          tailResult = await tail?.stop({ catchUp: true, timeoutMs: 30_000 })
          const v = await verifier.verifyRun({ connections: connections!, profile: profile!, runId: config.runId, ...(tailResult ? { tail: tailResult } : {}), reportDir: runDir, ...(!countCommitted ? { expectedEvents: expected } : {}), signal: interrupt.hard.signal, log: say })
          const failed = v.checks.filter((c) => !c.pass).map((c) => c.name)
          return { value: v, detail: v.pass ? `${v.checks.length} checks passed (${v.counts.arrived}/${v.counts.committed} events arrived)` : `failed: ${failed.join(', ')}`, ...(v.pass ? {} : { status: 'failed' as const }) }
        })
        if (verifyResult) verification = verificationOutcome(verifyResult, join(runDir, 'verification.json'))
      } else {
        phases.skip('verify', 'stopped by a second interrupt')
      }
    } else {
      const why = !config.verify ? '--no-verify' : !pipelineOn ? 'k6-operator' : failedEmpty ? 'the engine failed before writing any event' : 'no load ran or stopped at once'
      phases.skip('drain', why)
      phases.skip('verify', why)
    }
  } catch (err) {
    failure = err instanceof ExitError ? err : new ExitError(EXIT.INTERNAL, `internal error: ${(err as Error).stack ?? String(err)}`)
  } finally {
    clearInterval(sampleArrivals)
    stopMemoryDebug()
    dashboard.stop()
    offSignal()
    await watch?.stop().catch(() => {})
    await runArrivals?.close().catch(() => {})
    if (tail && !tailResult) tailResult = await tail.stop({ catchUp: false }).catch(() => undefined)
    // Pushed until here so Grafana sees the drain too (the backlog going to zero).
    if (remoteWrite) {
      await remoteWrite.stop()
      say(`prometheus remote write: ${remoteWrite.pushes} pushes, ${remoteWrite.failures} failed (series k6_* and eventload_pipeline_*, label testid=${config.runId})`)
    }
  }

  // Report: whatever happened, with what the run has.
  const code = failure?.code ?? finalExitCode({ ...(result ? { engine: result.exitCode } : {}), interrupted: interrupt.interrupted, ...(drained ? { drained: drained.drained } : {}), ...(verification ? { verified: verification.passed } : {}) })
  if (failure && (failure.code === EXIT.BAD_CONFIG || !result)) {
    // Nothing ran: no report to write, the message says what to fix; the run's directory,
    // made up front, goes again unless something (the tail) already wrote into it.
    try {
      rmdirSync(runDir)
    } catch {
      // not empty, or never made
    }
    say(failure.message)
    return failure.code
  }
  // The report's counts are the verifier's, exact: the live view's coverage does not apply.
  const { mongoCoverage: _, ...live } = livePipeline()
  pipeline = live
  const figures = pipelineFigures(load.start ?? startedAt.getTime(), verifyResult, tailResult)
  load.roll(Date.now() + 1000)
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: config.runId,
    scenario: config.scenario,
    engine: config.engine,
    workers: config.workers,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    status: result?.handedOff ? 'handed-off' : interrupt.interrupted ? 'aborted' : code === 0 ? 'passed' : 'failed',
    exitCode: code,
    exitMeaning: exitMeaning(code),
    interrupted: interrupt.interrupted,
    manifest: await buildManifest(config, connections, config.seed ?? config.runId, profile ? { profile: profile.name } : {}),
    phases: phases.records,
    engineResult: { exitCode: result?.exitCode ?? -1, ...(result?.summary ? { summary: result.summary } : {}), ...(result?.handedOff ? { handedOff: result.handedOff } : {}), ...(result?.errorTail ? { errorTail: result.errorTail } : {}) },
    load: load.snapshot(Date.now()),
    loadHistory: load.history,
    insertBins: load.insert.bins(),
    pipeline: { ...pipeline, inKafka: tailResult?.counts.uniqueEvents ?? pipeline.inKafka, inMongo: verifyResult?.counts.arrived ?? pipeline.inMongo, stages: { ...pipeline.stages, ...figures.stages } },
    pipelineHistory: figures.history,
    arrivals,
    stageBins: figures.bins,
    ...(drained ? { drain: drained } : {}),
    ...(verification ? { verification } : {}),
    ...(probe ? { probe } : {}),
  }
  writeReports(report, runDir)
  if (load.hdrLog.length) writeFileSync(join(runDir, 'insert-latency.hlog'), `${load.hdrLog.join('\n')}\n`)
  phases.mark('report', 'ok', 0, `${runDir}/{summary.json,metrics.json,junit.xml,report.html${verification ? ',verification.json' : ''}}`)
  if (failure) say(failure.message)
  if (result?.errorTail?.length && result.exitCode !== 0) say(`engine: ${result.errorTail.join('\n  ')}`)
  ctx.stdout(`${result?.summaryText ?? ''}${pipelineSummary(report, runDir)}`)
  if (interrupt.hard.signal.aborted) ctx.forceExit(code)
  return code
}
