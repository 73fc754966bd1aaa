// One `k6 run`, in k6's order (test-lifecycle docs): options run (__VU 0), consolidation and
// validation, VU initialization, setup, scenarios, teardown, final thresholds, summary.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { Program } from '../loader/program.ts'
import { loadModules } from '../modules/registry.ts'
import { consolidate } from '../options/consolidate.ts'
import { envLayer, type NamedLayer } from '../options/layers.ts'
import type { EngineOptions } from '../options/types.ts'
import { createExecutor, maxTestDuration, plannedVUs } from '../executors/index.ts'
import type { Executor } from '../executors/executor.ts'
import type { Output } from '../outputs/output.ts'
import { createOutput } from '../outputs/registry.ts'
import { PreciseTimer } from '../scheduler/precise-timer.ts'
import { resolveSegment } from '../segments/striping.ts'
import { Thresholds } from '../thresholds/thresholds.ts'
import { VuPool } from '../vu/pool.ts'
import { ConfigError, ExitCode, RunError } from './exit-codes.ts'
import { header } from './header.ts'
import { freshVu0, logRunError, runSetup, runTeardown, scriptError, scriptOptions } from './lifecycle.ts'
import { Logger } from './logger.ts'
import { startPeriodic } from './periodic.ts'
import { ProgressPrinter } from './progress.ts'
import { snapshotMetrics } from './snapshot.ts'
import { produceSummary } from './summary-phase.ts'
import { TestState } from './test-state.ts'
import type { RunOptions, RunResult, ThresholdResult } from './types.ts'

/** __ENV: the process environment (unless includeSystemEnv is false), then `env` over it. */
export function baseEnv(o: Pick<RunOptions, 'env' | 'processEnv' | 'includeSystemEnv'>): Record<string, string> {
  const env: Record<string, string> = {}
  if (o.includeSystemEnv ?? true) {
    for (const [k, v] of Object.entries(o.processEnv ?? process.env)) if (v !== undefined) env[k] = v
  }
  return { ...env, ...o.env }
}

export async function runTest(o: RunOptions): Promise<RunResult> {
  const started = performance.now()
  const log = new Logger(o.logSink, o.verbose)
  const stdout = o.stdout ?? ((t: string) => void process.stdout.write(t))
  const stderr = o.stderr ?? ((t: string) => void process.stderr.write(t))
  const fail = (err: RunError, state?: TestState): RunResult => {
    if (state) logRunError(state, err)
    else log.error(err.detail ? `${err.message}\n${err.detail}` : err.message)
    return emptyResult(err, performance.now() - started, state)
  }

  let program: Program
  try {
    program = Program.load(o.script)
    await loadModules(program.imports)
  } catch (err) {
    return fail(new RunError(ExitCode.SCRIPT_EXCEPTION, (err as Error).message))
  }
  const state = new TestState(program, log, baseEnv(o))
  const onRejection = (reason: unknown) => log.error(`Uncaught (in promise) ${program.describeError(reason)}`, { source: 'stacktrace' })
  process.on('unhandledRejection', onRejection)
  const timer = new PreciseTimer()
  const outputs: Output[] = []
  try {
    // 1-2. Options run and consolidation.
    let options: EngineOptions
    let executors: Executor[]
    let thresholds: Thresholds | undefined
    try {
      const vu0 = freshVu0(state, 'options')
      const layers: NamedLayer[] = []
      if (o.configFile) layers.push({ name: 'config', options: readConfigFile(o.configFile) })
      layers.push({ name: 'script', options: scriptOptions(vu0) })
      layers.push({ name: 'env', options: envLayer(o.processEnv ?? process.env) })
      layers.push({ name: 'cli', options: { ...o.cliOptions } })
      const c = consolidate(layers)
      options = c.options
      for (const w of c.warnings) log.warn(w)
      try {
        state.segment = resolveSegment(options.executionSegment, options.executionSegmentSequence)
      } catch (err) {
        throw new ConfigError((err as Error).message)
      }
      for (const s of options.scenarios) {
        if (typeof vu0.exports[s.exec] !== 'function') {
          throw new ConfigError(`scenario "${s.name}": the script does not export a function named "${s.exec}" (exec)`)
        }
      }
      thresholds = options.noThresholds ? undefined : Thresholds.build(options.thresholds, state.metrics.registry, (m) => log.warn(m))
      state.options = options
      state.systemTags = options.systemTags
      state.runTags = options.tags
      executors = options.scenarios.map((s) => createExecutor(s, state.segment))
    } catch (err) {
      return fail(err instanceof RunError ? err : scriptError(state, err, 'the options run failed'), state)
    }

    // Outputs.
    const outSpecs = [...((o.cliOptions?.out as string[] | undefined) ?? (envLayer(o.processEnv ?? process.env).out as string[] | undefined) ?? [])]
    try {
      for (const spec of outSpecs) {
        outputs.push(
          createOutput(spec, {
            env: o.processEnv ?? process.env,
            thresholds: options.thresholds,
            systemTags: options.systemTags,
            log,
            metrics: () => state.metrics.registry.all(),
          }),
        )
      }
      for (const out of outputs) await out.start()
    } catch (err) {
      return fail(err instanceof RunError ? err : new ConfigError((err as Error).message), state)
    }
    for (const out of outputs) state.metrics.listen((b) => out.addSamples(b))
    if (o.onSamples) state.metrics.listen(o.onSamples)

    // 3. VUs.
    const planned = plannedVUs(executors)
    const maxVUs = Math.max(planned, ...executors.map((e) => e.maxVUs()))
    if (!o.quiet) {
      stdout(header(o.script, outputs.map((x) => x.description), executors, state.segment.tuple.share, maxVUs, maxTestDuration(executors)))
    }
    const pool = new VuPool(state)
    try {
      for (let i = 0; i < planned; i++) pool.addIdle(pool.create())
    } catch (err) {
      return fail(scriptError(state, err, 'a VU init context failed'), state)
    }

    // Signals (API: o.signal) = the first Ctrl+C.
    const onSignal = () => {
      state.recordError(new RunError(ExitCode.EXTERNAL_ABORT, 'test run was interrupted by a signal'))
      state.softStop.abort()
    }
    o.signal?.addEventListener('abort', onSignal, { once: true })
    if (o.signal?.aborted) onSignal()

    // 4. setup().
    let setupJson: string | undefined
    let setupData: unknown
    let setupFailed = false
    if (!options.noSetup && typeof pool.all[0]?.exports.setup === 'function') {
      try {
        ;({ json: setupJson, data: setupData } = await runSetup(state))
      } catch (err) {
        setupFailed = true
        const e = err as RunError
        logRunError(state, e)
        state.recordError(e)
      }
    }

    // 5. Scenarios.
    const progress = new ProgressPrinter(stderr, Boolean(process.stderr.isTTY) && !o.quiet && !o.onProgress)
    if (!setupFailed && !state.stopping) {
      if (options.scenarios.some((s) => s.executor.endsWith('arrival-rate'))) await timer.warmUp()
      state.testStart = performance.now()
      const stopPeriodic = startPeriodic(state, thresholds, {
        onTick: () => {
          const p = { elapsedMs: state.elapsed(), vusActive: state.vusActive, vusMax: state.vusInitialized, iterationsCompleted: state.iterationsCompleted, iterationsInterrupted: state.iterationsInterrupted }
          o.onProgress?.(p)
          progress.update(p)
        },
        ...(o.onSnapshot ? { onSnapshot: () => o.onSnapshot!(snapshotMetrics(state.metrics.registry, state.elapsed())), snapshotIntervalMs: o.snapshotIntervalMs ?? 1000 } : {}),
      })
      await Promise.all(
        executors.map(async (e) => {
          const start = state.testStart! + e.config.startTime
          if (e.config.startTime > 0) {
            await new Promise<void>((resolve) => {
              const cancel = timer.at(start, resolve)
              state.softStop.signal.addEventListener('abort', () => {
                cancel()
                resolve()
              })
            })
            if (state.stopping) return
          }
          const info = e.info({ state, pool, timer, setupJson, start })
          info.startEpochMs = performance.timeOrigin + start
          await e.run({ state, pool, timer, setupJson, start })
        }),
      )
      state.testEnd = performance.now()
      stopPeriodic()
      if (!o.quiet) progress.finish({ elapsedMs: state.elapsed(), vusActive: 0, vusMax: state.vusInitialized, iterationsCompleted: state.iterationsCompleted, iterationsInterrupted: state.iterationsInterrupted })
      if (state.iterationsCompleted === 0 && !state.error) log.warn('No script iterations fully finished, consider making the test duration longer')
    }

    // 6. teardown() — runs after an abort too, not after a failed setup.
    if (!setupFailed && !options.noTeardown && typeof pool.all[0]?.exports.teardown === 'function') {
      try {
        await runTeardown(state, setupJson)
      } catch (err) {
        const e = err as RunError
        logRunError(state, e)
        state.recordError(e)
      }
    }

    // 7. Final thresholds, then 8. summary.
    state.metrics.flush()
    const elapsed = state.elapsed()
    thresholds?.evaluate(elapsed, true)
    if (state.awaitRule.total > 0) {
      log.warn(`${state.awaitRule.total} call(s) at ${state.awaitRule.sites().length} place(s) in the script were not awaited (see the await-rule warnings above); their timings are not what the script meant`)
    }
    const summary = await produceSummary(state, options, thresholds, setupData, elapsed, { stdout, stderr })
    state.metrics.stop()
    for (const out of outputs.splice(0)) await out.stop()

    let exitCode: number = ExitCode.OK
    let error: string | undefined
    if (state.error) {
      exitCode = state.error.exitCode
      error = state.error.message
    } else if (thresholds?.failed) {
      exitCode = ExitCode.THRESHOLDS_FAILED
      error = `thresholds on metrics '${thresholds.groups.filter((g) => g.items.some((t) => !t.ok)).map((g) => g.selector).join("', '")}' have been crossed`
      log.error(error)
    } else if (state.failedReason !== undefined) {
      exitCode = ExitCode.MARKED_AS_FAILED
      error = state.failedReason
    }
    return {
      exitCode,
      ...(error !== undefined ? { error } : {}),
      durationMs: performance.now() - started,
      ...(summary ? { summary } : {}),
      metrics: snapshotMetrics(state.metrics.registry, elapsed),
      thresholds: thresholdResults(thresholds),
      unawaited: state.awaitRule.sites(),
      iterationsCompleted: state.iterationsCompleted,
      iterationsInterrupted: state.iterationsInterrupted,
      vusMax: state.vusInitialized,
      executionSegment: `${state.segment.segment.from.toString()}:${state.segment.segment.to.toString()}`,
      executionSegmentSequence: state.segment.sequence.map(String).join(','),
    }
  } finally {
    process.off('unhandledRejection', onRejection)
    for (const out of outputs) await out.stop().catch(() => undefined)
    state.metrics.stop()
    await timer.close()
    await state.shared.closeAll((key, err) => log.warn(`closing ${key.replace(/\/\/[^@/]*@/, '//***@')} failed: ${(err as Error).message}`))
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch (err) {
    throw new ConfigError(`the config file ${path} could not be read as JSON: ${(err as Error).message}`)
  }
}

function thresholdResults(t: Thresholds | undefined): ThresholdResult[] {
  return (t?.groups ?? []).flatMap((g) =>
    g.items.map((i) => ({ metric: g.selector, threshold: i.spec.threshold, ok: i.ok, abortOnFail: i.spec.abortOnFail, actual: i.actual })),
  )
}

function emptyResult(err: RunError, durationMs: number, state?: TestState): RunResult {
  return {
    exitCode: err.exitCode,
    error: err.detail ? `${err.message}\n${err.detail}` : err.message,
    durationMs,
    thresholds: [],
    unawaited: state?.awaitRule.sites() ?? [],
    iterationsCompleted: state?.iterationsCompleted ?? 0,
    iterationsInterrupted: state?.iterationsInterrupted ?? 0,
    vusMax: state?.vusInitialized ?? 0,
    executionSegment: '0:1',
    executionSegmentSequence: '0,1',
  }
}
