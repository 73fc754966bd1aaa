// The Kafka tail: follows the profile's topics from the end offsets taken before the load, times
// every event of the run as it reaches Kafka, and keeps a per-event view on disk for the
// verifier. Fetching and parsing run in worker threads (tail/worker.ts), each over a share of
// the partitions, so the tail can use more than one core; this thread merges their figures.
// Usage (the orchestrator, or `npm run tail`):
//   const tail = startTail({ connections, profile, runId, dir })
//   await tail.ready          // end offsets taken: start the load
//   tail.stats()              // live counts and PG -> Kafka percentiles
//   const result = await tail.stop()   // catches up, writes <dir>/tail.json
import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { KeyedLatency, LatencyHistogram } from '../latency/histogram.ts'
import { summarizeSpill } from './finalize.ts'
import { TAIL_SPILL_FORMAT, type Tail, type TailOptions, type TailResult, type TailSpillFile, type TailStats } from './types.ts'
import type { MainMessage, WorkerInput, WorkerMessage, WorkerStats } from './worker-protocol.ts'

export type { Tail, TailOptions, TailResult, TailStats, TailPartitionState } from './types.ts'
export { loadTailResult } from './load-result.ts'

export const TAIL_RESULT_FILE = 'tail.json'
export const TAIL_SPILL_FILE = 'tail-events.bin'

/**
 * The worker's entry: a tiny script that loads worker.ts through tsx's API, because a worker
 * thread does not inherit the TypeScript loader, whatever started this process (tsx, vitest).
 */
function workerBootstrap(): string {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href)
  return `import(${api}).then(({ tsImport }) => tsImport(${entry}, ${entry}))`
}

interface WorkerHandle {
  worker: Worker
  stats: WorkerStats | null
  stopped: Promise<Extract<WorkerMessage, { type: 'stopped' }>>
}

export function startTail(options: TailOptions): Tail {
  const { profile, runId } = options
  const log = options.log ?? (() => undefined)
  const startedAt = Date.now()
  const count = Math.max(1, options.workers ?? Math.min(2, availableParallelism()))
  const failures: string[] = []
  let handles: WorkerHandle[] = []

  const ready = (async () => {
    await mkdir(options.dir, { recursive: true })
    const readies: Promise<void>[] = []
    handles = Array.from({ length: count }, (_, index) => {
      const input: WorkerInput = {
        kafka: options.connections.kafka,
        profile,
        runId,
        spillPath: join(options.dir, count === 1 ? TAIL_SPILL_FILE : TAIL_SPILL_FILE.replace('.bin', `-${index}.bin`)),
        fromBeginning: options.fromBeginning ?? false,
        index,
        count,
        clientId: `eventload-tail-${process.pid}-${index}`,
      }
      // A bounded heap per worker: V8 otherwise lets each isolate grow for a long time before a
      // full collection, and the tail's resident memory with it.
      const worker = new Worker(workerBootstrap(), { eval: true, workerData: input, resourceLimits: { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 } })
      const handle: WorkerHandle = { worker, stats: null, stopped: null as never }
      let onReady: () => void
      let onFailed: (e: Error) => void
      readies.push(new Promise<void>((res, rej) => ((onReady = res), (onFailed = rej))))
      handle.stopped = new Promise((res, rej) => {
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'ready') onReady()
          else if (m.type === 'stats') handle.stats = m.stats
          else if (m.type === 'log') log(m.line)
          else if (m.type === 'stopped') {
            handle.stats = m.stats
            res(m)
          } else if (m.type === 'failed') {
            failures.push(m.message)
            onFailed(new Error(m.message))
            rej(new Error(`a tail worker failed: ${m.message}`))
          }
        })
        worker.on('error', (e) => {
          failures.push(e.message)
          onFailed(e)
          rej(e)
        })
        worker.on('exit', (code) => {
          const e = new Error(`a tail worker exited (code ${code}) before it reported`)
          onFailed(e)
          rej(e)
        })
      })
      handle.stopped.catch(() => undefined)
      return handle
    })
    await Promise.all(readies)
  })()
  // A failed start is reported through `ready`; keep it from being an unhandled rejection too.
  ready.catch(() => undefined)

  // Live figures, merged from the workers' last reports (cached until a new one arrives).
  let cache: { key: string; value: TailStats } | null = null
  const stats = (): TailStats => {
    const reports = handles.map((h) => h.stats).filter((s): s is WorkerStats => s !== null)
    const key = `${reports.length}:${reports.map((r) => r.counts.records).join(',')}:${Math.floor(Date.now() / 250)}`
    if (cache?.key === key) return cache.value
    const merged = mergeStats(reports)
    const value: TailStats = {
      runId,
      startedAt,
      elapsedMs: Date.now() - startedAt,
      ...merged.counts,
      byType: merged.byType,
      pgToKafka: { overall: merged.overall.summary(), byType: merged.byTypeLatency.summaries() },
      lag: merged.lag,
      lastRecordAt: merged.lastRecordAt,
      partitions: merged.partitions,
      reconnects: merged.reconnects,
      ...(failures[0] ? { lastError: failures.at(-1) } : merged.lastError ? { lastError: merged.lastError } : {}),
    }
    cache = { key, value }
    return value
  }

  const timer = options.onProgress ? setInterval(() => options.onProgress!(stats()), options.progressMs ?? 1000) : null
  timer?.unref()
  const onAbort = () => void stop({ catchUp: false }).catch(() => undefined)
  options.signal?.addEventListener('abort', onAbort, { once: true })

  let stopping: Promise<TailResult> | null = null
  const stop = (o: { catchUp?: boolean; timeoutMs?: number } = {}): Promise<TailResult> =>
    (stopping ??= (async () => {
      if (timer) clearInterval(timer)
      options.signal?.removeEventListener('abort', onAbort)
      try {
        await ready
      } catch (error) {
        await Promise.all(handles.map((h) => h.worker.terminate()))
        throw new Error(`the Kafka tail never started: ${(error as Error).message}`, { cause: error })
      }
      const message: MainMessage = { type: 'stop', catchUp: o.catchUp ?? true, timeoutMs: o.timeoutMs ?? 30_000 }
      for (const h of handles) h.worker.postMessage(message)
      const finals = await Promise.all(handles.map((h) => h.stopped))
      const files: TailSpillFile[] = finals.map((f) => ({ file: basename(f.spill.path), path: resolve(f.spill.path), records: f.spill.records, types: f.spill.types, topics: f.spill.topics }))
      const merged = mergeStats(finals.map((f) => f.stats))
      const final = await summarizeSpill(files, { dir: options.dir, intervalMs: options.intervalMs, withCommitTime: profile.kafka.committedAt !== undefined })
      const notes: string[] = []
      if (merged.counts.unreadable > 0) {
        notes.push(`${merged.counts.unreadable} records could not be read with profile "${profile.name}": ${Object.entries(merged.unreadableReasons).map(([r, n]) => `${r} (${n})`).join(', ')}`)
      }
      if (merged.timestampTypes.logAppendTime > 0) notes.push('some records carry LogAppendTime: their timestamp is the broker clock, not the producer clock')
      if (merged.reconnects > 0) notes.push(`the tail reconnected to Kafka ${merged.reconnects} time(s); positions were kept, nothing was skipped`)
      const result: TailResult = {
        version: 1,
        runId,
        profile: profile.name,
        topics: profile.kafka.topics,
        startedAt,
        stoppedAt: Date.now(),
        counts: {
          records: merged.counts.records,
          events: merged.counts.events,
          uniqueEvents: final.uniqueEvents,
          duplicateRecords: final.duplicateRecords,
          duplicateEvents: final.duplicateEvents,
          otherRuns: merged.counts.otherRuns,
          unreadable: merged.counts.unreadable,
        },
        byType: merged.byType,
        timestampTypes: merged.timestampTypes,
        partitions: merged.partitions,
        pgToKafka: final.pgToKafka.serialize(),
        kafkaToTail: final.kafkaToTail.serialize(),
        ...(final.commitToKafka ? { commitToKafka: final.commitToKafka.serialize() } : {}),
        spill: { format: TAIL_SPILL_FORMAT, records: files.reduce((n, f) => n + f.records, 0), files },
        reconnects: merged.reconnects,
        notes,
      }
      await writeFile(join(options.dir, TAIL_RESULT_FILE), JSON.stringify(result, null, 2) + '\n')
      return result
    })())

  return { ready, stats, stop }
}

function mergeStats(reports: WorkerStats[]) {
  const counts = { records: 0, events: 0, duplicates: 0, otherRuns: 0, unreadable: 0 }
  const byType: Record<string, number> = {}
  const timestampTypes = { createTime: 0, logAppendTime: 0 }
  const unreadableReasons: Record<string, number> = {}
  const overall = new LatencyHistogram()
  const byTypeLatency = new KeyedLatency()
  let lag = 0
  let lastRecordAt = 0
  let reconnects = 0
  let lastError: string | undefined
  const partitions = reports.flatMap((r) => r.partitions).sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
  }
  for (const r of reports) {
    add(counts, r.counts as unknown as Record<string, number>)
    add(byType, r.byType)
    add(timestampTypes, r.timestampTypes)
    add(unreadableReasons, r.unreadableReasons)
    overall.merge(LatencyHistogram.deserialize(r.latency.overall))
    for (const [type, s] of Object.entries(r.latency.byType)) byTypeLatency.get(type).merge(LatencyHistogram.deserialize(s))
    lag += r.lag
    lastRecordAt = Math.max(lastRecordAt, r.lastRecordAt)
    reconnects += r.reconnects
    lastError = r.lastError ?? lastError
  }
  return { counts, byType, timestampTypes, unreadableReasons, overall, byTypeLatency, lag, lastRecordAt, reconnects, lastError, partitions }
}
