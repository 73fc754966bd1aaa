// The load side's rates from the engine's samples: average over the load's wall time, peak as
// the busiest whole second, setup()'s catalogue writes counted in totals but not in rates.
import { describe, expect, it } from 'vitest'
import { LoadStats } from '../../orchestrator/stats/load-stats.ts'
import type { EngineSample } from '../../orchestrator/engines/engine.ts'

const written = (time: number, group = ''): EngineSample => ({ metric: 'events_written', type: 'counter', time, value: 1, tags: { type: 'order_placed', ...(group ? { group } : {}) } })

describe('load stats', () => {
  it('peak is the busiest whole second; average over the load time', () => {
    const load = new LoadStats()
    const t0 = 1_700_000_000_000
    // 3 s of load: 10, 30 and 20 events in seconds 0, 1 and 2, plus 5 catalogue rows in setup.
    const batch = [...Array.from({ length: 5 }, () => written(t0, '::setup'))]
    for (const [sec, n] of [[0, 10], [1, 30], [2, 20]] as const) for (let i = 0; i < n; i++) batch.push(written(t0 + sec * 1000 + i * 10))
    load.ingest(batch)
    load.finish(t0 + 3000)
    const s = load.snapshot(t0 + 5000)
    expect(s.written).toBe(65)
    expect(s.peakRate).toBe(30)
    expect(s.avgRate).toBeCloseTo(60 / 3, 9)
  })

  it('--workers: the catalogue that every worker setup() writes again counts once', () => {
    const load = new LoadStats()
    const t0 = 1_700_000_000_000
    const at = (time: number, worker: string, group = ''): EngineSample => ({ ...written(time, group), tags: { ...written(time, group).tags, worker } })
    // Two workers: each writes the same 4-row catalogue in setup, then 3 events of its own share.
    const batch: EngineSample[] = []
    for (const worker of ['1', '2']) {
      for (let i = 0; i < 4; i++) batch.push(at(t0, worker, '::setup'))
      for (let i = 0; i < 3; i++) batch.push(at(t0 + 100 + i * 100, worker))
    }
    load.ingest(batch)
    load.finish(t0 + 1000)
    expect(load.snapshot(t0 + 1000).written).toBe(4 + 2 * 3)
  })

  it('a load shorter than a second has its average as its peak', () => {
    const load = new LoadStats()
    const t0 = 1_700_000_000_000
    load.ingest(Array.from({ length: 10 }, (_, i) => written(t0 + i * 10)))
    load.finish(t0 + 100)
    const s = load.snapshot(t0 + 2000)
    expect(s.avgRate).toBeCloseTo(100, 9)
    expect(s.peakRate).toBeCloseTo(s.avgRate, 9)
  })
})
