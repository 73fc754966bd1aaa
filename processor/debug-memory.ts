// EVENTLOAD_DEBUG_MEMORY=<seconds>: every <seconds>, one stderr line with the process's
// memory (MB) after a full collection (stack/memory-sample.ts, shared with the orchestrator's
// hook), so a soak can tell a leak from a lazy collector. Heap snapshots come from Node itself
// (`--heapsnapshot-signal=SIGUSR2`, then `kill -USR2 <pid>`); see docs/processor.md.
import { fullGc, memoryFigures, type MemoryFigures } from '../stack/memory-sample.ts'
import { ProcessorConfigError } from './config.ts'
import type { Logger } from './log.ts'

export interface MemorySample extends MemoryFigures {
  readonly uptimeS: number
  /** a full collection ran just before (always: see stack/memory-sample.ts) */
  readonly afterGc: boolean
}

export function sampleMemory(): MemorySample {
  fullGc()
  return { uptimeS: Math.round(process.uptime()), ...memoryFigures(), afterGc: true }
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
