// One measured tail pass of bench/tail-throughput.ts, in its own process so its peak RSS is its
// own: reads `records` records of `runId` from the start of `topic`, prints {rate, ms, maxRssMb}.
// Timed from `ready` (offsets listed, fetching started) to the moment the last record was read.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultProfile } from '../orchestrator/profile/default.ts'
import { startTail } from '../orchestrator/tail/index.ts'
import { loadConnections } from '../stack/connections.ts'

const [topic, runId, recordsArg, workersArg] = process.argv.slice(2)
const records = Number(recordsArg)
const dir = mkdtempSync(join(tmpdir(), 'bench-tail-'))
const profile = { ...defaultProfile(), kafka: { ...defaultProfile().kafka, topics: [topic!] } }
try {
  const tail = startTail({ connections: loadConnections(), profile, runId: runId!, dir, fromBeginning: true, ...(workersArg ? { workers: Number(workersArg) } : {}) })
  await tail.ready
  const t0 = Date.now()
  while (tail.stats().events < records) await new Promise((r) => setTimeout(r, 20))
  const ms = tail.stats().lastRecordAt - t0
  const result = await tail.stop({ catchUp: false })
  if (result.counts.uniqueEvents < records) throw new Error(`tail saw ${result.counts.uniqueEvents} of ${records}`)
  process.stdout.write(JSON.stringify({ rate: Math.round((records / ms) * 1000), ms, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
