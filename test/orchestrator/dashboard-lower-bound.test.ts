// While the live view has ids due for a look that it did not look up yet, its MongoDB count is a
// lower bound and the backlog an upper bound: the dashboard and the plain lines say so ("≥",
// "≤", how many not looked up, the estimate, the live view's lookups/s), and print plain
// figures when nothing is unchecked.
import { describe, expect, it } from 'vitest'
import { backlogText, dashboardLines, inMongoText, progressLine, type DashboardState } from '../../orchestrator/dashboard/render.ts'
import { liveCoverage, type MongoCoverage } from '../../orchestrator/stats/pipeline.ts'
import { fixtureDashboardState } from './report-fixture.ts'

function state(coverage?: MongoCoverage): DashboardState {
  // the fixture's load wrote 240 events
  return fixtureDashboardState({ scenario: 'extreme', pipeline: { inMongo: 40, recent: [], ...(coverage ? { mongoCoverage: coverage } : {}) } })
}

describe('dashboard, live MongoDB count as a lower bound', () => {
  it('ids not looked up yet: "in Mongo ≥ N", with the estimate, how many and the lookups/s', () => {
    const s = state({ unchecked: 170, estimate: 190, lookupsPerSec: 412.4 })
    expect(inMongoText(s)).toBe('in Mongo ≥ 40 (≈190 est., 170 not looked up yet; 412 lookups/s)')
    // backlog = written − found is then an upper bound; written − estimate its estimate
    expect(backlogText(s)).toBe('backlog ≤ 200 (≈50 est.)')
    const line = progressLine(s)
    expect(line).toContain('in Mongo ≥ 40 (≈190 est., 170 not looked up yet; 412 lookups/s), backlog ≤ 200 (≈50 est.)')
    // on a 120-column terminal nothing of it is cut off
    const lines = dashboardLines(s, 119)
    expect(lines).toContain('backlog     ≤ 200 (≈50 est.; awaiting Kafka 10, awaiting Mongo ≤ 190)')
    expect(lines).toContain('arrived     in Kafka 230  in Mongo ≥ 40 (≈190 est., 170 not looked up yet; 412 lookups/s)')
  })

  it('without an estimate (no sample) it says only what it knows', () => {
    const s = state({ unchecked: 170 })
    expect(inMongoText(s)).toBe('in Mongo ≥ 40 (170 not looked up yet)')
    expect(backlogText(s)).toBe('backlog ≤ 200')
  })

  it('every due id looked up: exact figures, no bound signs', () => {
    const s = state({ unchecked: 0, estimate: 40, lookupsPerSec: 12 })
    expect(inMongoText(s)).toBe('in Mongo 40 (12 lookups/s)')
    expect(backlogText(s)).toBe('backlog 200')
    expect(progressLine(s)).not.toMatch(/[≥≤≈]/)
  })

  it('counted otherwise (no coverage): as before', () => {
    expect(inMongoText(state())).toBe('in Mongo 40')
    expect(progressLine(state())).toContain('in Mongo 40, backlog 200,')
  })

  it('during the load, ids written since the last look count as not looked up yet', () => {
    // last look: 40 found, 10 absent, nothing left over; 240 written since the load began
    const c = liveCoverage({ progress: { found: 40, unchecked: 0, missed: 10 }, written: 240, loading: true, lookupsPerSec: 5 })
    expect(c).toEqual({ unchecked: 190, lookupsPerSec: 5 })
    expect(inMongoText(state(c))).toBe('in Mongo ≥ 40 (190 not looked up yet; 5 lookups/s)')
    // after the load the drain has read every id: its own figure holds
    expect(liveCoverage({ progress: { found: 240, unchecked: 0, missed: 0, estimate: 240 }, written: 240, loading: false })).toEqual({ unchecked: 0, estimate: 240 })
    // the tracker's own left-over count wins when it is larger
    expect(liveCoverage({ progress: { found: 40, unchecked: 195, missed: 10, estimate: 100 }, written: 240, loading: true }).unchecked).toBe(195)
  })
})
