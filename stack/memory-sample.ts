// Memory of this process for the debugging hooks of long runs (EVENTLOAD_DEBUG_MEMORY, in the
// orchestrator and the processor alike): a full collection first, so heapUsed is what the
// process really keeps rather than what the collector has not got to yet — the number that
// tells a leak from a lazy collector. GC is reached without `node --expose-gc` (V8 flag at run
// time), so the commands work unchanged.
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'

export interface MemoryFigures {
  rssMb: number
  heapUsedMb: number
  heapTotalMb: number
  externalMb: number
  arrayBuffersMb: number
}

let gcFn: (() => void) | undefined

/** A full collection (global.gc if exposed, else obtained through the V8 flag). */
export function fullGc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc
    if (g) gcFn = g
    else {
      setFlagsFromString('--expose-gc')
      gcFn = runInNewContext('gc') as () => void
    }
  }
  gcFn()
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

/** process.memoryUsage() in MB (one decimal); call fullGc() first for after-GC figures. */
export function memoryFigures(): MemoryFigures {
  const m = process.memoryUsage()
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) }
}
