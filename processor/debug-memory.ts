// EVENTLOAD_DEBUG_MEMORY=<seconds>: every <seconds>, one stderr line with the process's
// memory (MB). With `node --expose-gc` it collects garbage first, so the heap figures are
// what is still reachable rather than what the collector has not got to yet: the number a
// soak needs to tell a leak from a lazy collector. Heap snapshots come from Node itself
// (`--heapsnapshot-signal=SIGUSR2`, then `kill -USR2 <pid>`); see docs/processor.md.
import { ProcessorConfigError } from './config.ts'
import type { Logger } from './log.ts'

export interface MemorySample {
  readonly uptimeS: number
  readonly rssMb: number
  readonly heapUsedMb: number
  readonly heapTotalMb: number
  readonly externalMb: number
  readonly arrayBuffersMb: number
  /** whether a full collection ran just before (node --expose-gc) */
  readonly afterGc: boolean
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10

export function sampleMemory(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const m = process.memoryUsage()
  return {
    uptimeS: Math.round(process.uptime()),
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
    afterGc: gc !== undefined,
  }
}

/** Parses EVENTLOAD_DEBUG_MEMORY; null when unset or empty. */
export function memoryDebugInterval(env: NodeJS.ProcessEnv): number | null {
  const raw = env.EVENTLOAD_DEBUG_MEMORY?.trim()
  if (!raw) return null
  const seconds = Number(raw)
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    throw new ProcessorConfigError(`EVENTLOAD_DEBUG_MEMORY="${raw}": expected seconds between samples, 1 to 3600 (unset it to turn sampling off)`)
  }
  return seconds
}

/** Logs a `memory {...}` line now and every `seconds`; returns the stop function. */
export function startMemoryDebug(seconds: number, log: Logger): () => void {
  const report = () => log(`memory ${JSON.stringify(sampleMemory())}`)
  report()
  const timer = setInterval(report, seconds * 1000)
  timer.unref()
  return () => clearInterval(timer)
}
