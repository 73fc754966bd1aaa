// The EVENTLOAD_DEBUG_MEMORY hook: off without the variables, a line per period after a full
// GC (also in memory.jsonl) with them, and a bad value is said and ignored.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSeconds, startMemoryDebug } from '../../orchestrator/run/debug-memory.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('memory debug hook', () => {
  it('does nothing without the variables', () => {
    const lines: string[] = []
    startMemoryDebug({}, '/nonexistent', (l) => lines.push(l))()
    expect(lines).toEqual([])
  })

  it('logs heap after GC every period and appends it to memory.jsonl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memdebug-'))
    dirs.push(dir)
    const lines: string[] = []
    const stop = startMemoryDebug({ EVENTLOAD_DEBUG_MEMORY: '0.2' }, dir, (l) => lines.push(l))
    await new Promise((r) => setTimeout(r, 700))
    stop()
    expect(lines.length).toBeGreaterThanOrEqual(2)
    expect(lines[0]).toMatch(/^memory t=\d+s rss=[\d.]+MB heapUsed\(after GC\)=[\d.]+MB/)
    const rows = readFileSync(join(dir, 'memory.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { heapUsedMb: number; rssMb: number })
    expect(rows.length).toBe(lines.length)
    for (const r of rows) expect(r.rssMb).toBeGreaterThanOrEqual(r.heapUsedMb)
  })

  it('a bad value is said (with the expected form) and the run goes on', () => {
    const lines: string[] = []
    startMemoryDebug({ EVENTLOAD_DEBUG_MEMORY: 'soon' }, '/nonexistent', (l) => lines.push(l))()
    expect(lines).toEqual(['memory debug off: EVENTLOAD_DEBUG_MEMORY=soon: expected positive seconds, comma-separated (e.g. 60 or 120,300)'])
    expect(parseSeconds('X', '90, 330')).toEqual([90, 330])
  })
})
