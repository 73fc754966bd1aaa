// Heap kept per committed id by the run's arrival count: Set<string> (before) against IdSet
// (orchestrator/verify/id-set.ts), heapUsed after a full GC, alternating, same ids.
// Usage: npx tsx bench/id-set-memory.ts [ids=360000] [rounds=3]
// (360,000 ids = a 2-hour soak at 50/s.) Prints bytes per id for each structure and round.
import { randomUUID } from 'node:crypto'
import { fullGc } from '../orchestrator/run/debug-memory.ts'
import { IdSet } from '../orchestrator/verify/id-set.ts'

const n = Number(process.argv[2] ?? 360_000)
const rounds = Number(process.argv[3] ?? 3)

/** JS heap plus ArrayBuffer backing stores (where IdSet's table lives). */
function heap(): number {
  fullGc()
  fullGc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** A UUID as a fresh flat string, like one a pg row or a BSON document gives (randomUUID()'s own strings share a cache). */
const freshId = () => Buffer.from(randomUUID()).toString('latin1')

/** Bytes per id the structure keeps once the ids' source strings are gone (as when the Postgres rows are dropped). */
function measure(make: () => { add(id: string): unknown; size: number }): number {
  const before = heap()
  const s = make()
  for (let i = 0; i < n; i++) s.add(freshId())
  const after = heap()
  if (s.size !== n) throw new Error(`expected ${n} ids, got ${s.size}`)
  return (after - before) / n
}

for (let r = 1; r <= rounds; r++) {
  const a = measure(() => new Set<string>())
  const b = measure(() => new IdSet())
  console.log(`round ${r}: ${n} ids — Set<string> ${a.toFixed(1)} B/id, IdSet ${b.toFixed(1)} B/id (${(a / b).toFixed(1)}x)`)
}
