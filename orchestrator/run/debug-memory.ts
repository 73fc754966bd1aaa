// A debugging aid for memory over a long run (docs/benchmarks.md, "memory over a soak"):
//   EVENTLOAD_DEBUG_MEMORY=<seconds>       every <seconds>, a full GC then one line with
//                                          rss / heapUsed / heapTotal / external / arrayBuffers
//                                          (MB), also appended to <runDir>/memory.jsonl
//   EVENTLOAD_DEBUG_HEAPSNAPSHOT=<s>,<s>   heap snapshots <runDir>/heap-<s>s.heapsnapshot at those
//                                          seconds after the start (after a GC), to diff by constructor
// The Kafka tail's worker threads log their own isolate's heap the same way (label tail-<n>,
// <runDir>/memory-tail-<n>.jsonl; rss there is the whole process's); no snapshots from them.
// heapUsed right after a full collection is what the run really keeps; RSS alone also follows
// how lazily V8 gives memory back. GC is reached without --expose-gc (V8 flag at run time), so
// `npm run scenario` works unchanged. Off (no timer, no cost) when neither variable is set.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'
import { fullGc, memoryFigures, type MemoryFigures } from '../../stack/memory-sample.ts'

export { fullGc }

export interface MemorySample extends MemoryFigures {
  t: number
}

export function memorySample(t: number): MemorySample {
  return { t, ...memoryFigures() }
}

/** Parses "<s>,<s>" into seconds; a clear error for anything else. */
export function parseSeconds(name: string, value: string): number[] {
  const out = value.split(',').map((s) => s.trim()).filter(Boolean).map(Number)
  if (!out.length || out.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`${name}=${value}: expected positive seconds, comma-separated (e.g. 60 or 120,300)`)
  return out
}

/** Starts the logging the environment asks for; returns the stop function (a no-op when off). */
export function startMemoryDebug(env: NodeJS.ProcessEnv, runDir: string, log: (line: string) => void, label?: string): () => void {
  const every = env.EVENTLOAD_DEBUG_MEMORY
  const snaps = label ? undefined : env.EVENTLOAD_DEBUG_HEAPSNAPSHOT
  if (!every && !snaps) return () => {}
  let everyS: number | undefined
  let snapsS: number[] = []
  try {
    if (every) everyS = parseSeconds('EVENTLOAD_DEBUG_MEMORY', every)[0]
    if (snaps) snapsS = parseSeconds('EVENTLOAD_DEBUG_HEAPSNAPSHOT', snaps)
  } catch (err) {
    // a debugging aid: a bad value is said and ignored, the run goes on
    log(`memory debug off: ${(err as Error).message}`)
    return () => {}
  }
  const t0 = Date.now()
  const timers: NodeJS.Timeout[] = []
  const elapsed = () => Math.round((Date.now() - t0) / 1000)
  if (everyS !== undefined) {
    const tick = () => {
      fullGc()
      const m = memorySample(elapsed())
      try {
        appendFileSync(join(runDir, label ? `memory-${label}.jsonl` : 'memory.jsonl'), `${JSON.stringify(m)}\n`)
      } catch {
        // the run directory is made a moment later; the log line still goes out
      }
      log(`memory${label ? ` (${label})` : ''} t=${m.t}s rss=${m.rssMb}MB heapUsed(after GC)=${m.heapUsedMb}MB heapTotal=${m.heapTotalMb}MB external=${m.externalMb}MB arrayBuffers=${m.arrayBuffersMb}MB`)
    }
    const t = setInterval(tick, everyS * 1000)
    t.unref()
    timers.push(t)
  }
  for (const s of snapsS) {
    const t = setTimeout(() => {
      fullGc()
      const file = writeHeapSnapshot(join(runDir, `heap-${s}s.heapsnapshot`))
      log(`memory: heap snapshot ${file}`)
    }, s * 1000)
    t.unref()
    timers.push(t)
  }
  return () => {
    for (const t of timers) clearTimeout(t)
  }
}
