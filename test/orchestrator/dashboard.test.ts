// The live view: every figure issue 6 asks for is on screen, redrawn in place on a TTY (at
// least twice a second), and as plain progress lines every few seconds elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { backlog, dashboardLines, progressLine, type DashboardState } from '../../orchestrator/dashboard/render.ts'
import { Dashboard } from '../../orchestrator/dashboard/terminal.ts'
import { fixtureDashboardState } from './report-fixture.ts'

function state(): DashboardState {
  return fixtureDashboardState({
    workers: 2,
    plannedMs: 30_000,
    pipeline: { inMongo: 200, recent: [{ id: 'abcdef0123', type: 'order_placed', where: 'mongo', at: Date.UTC(2026, 0, 5, 10, 0, 12, 345), latencyMs: 21.5 }] },
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('dashboard', () => {
  it('shows phase, time, throughput, errors, insert and per-stage latency, backlog, mix and the last events', () => {
    const text = dashboardLines(state()).join('\n')
    expect(text).toMatch(/phase load\s+12\.0s elapsed, 18\.0s left/)
    expect(text).toMatch(/target 20\.0\/s\s+current 20\.0\/s\s+avg 20\.0\/s\s+peak 20\.0\/s\s+written 240\s+errors 0\.00% \(0\/240\)/)
    expect(text).toMatch(/insert\s+p50 \S+ms\s+p95 \S+ms\s+p99 \S+ms/)
    expect(text).toMatch(/PG→Kafka p50 \S+ p99 \S+\s+Kafka→Mongo p50 \S+ p99 \S+\s+end to end p50 \S+ p99 \S+/)
    expect(text).toContain('backlog     40 (awaiting Kafka 10, awaiting Mongo 30)')
    expect(text).toMatch(/order_placed 60 \(25\.0%\)/)
    expect(text).toContain('10:00:12.345 mongo order_placed abcdef01 21.5ms')
    expect(backlog(state())).toEqual({ total: 40, toKafka: 10, toMongo: 30 })
    expect(progressLine(state())).toMatch(/^\[12\.0s\] load: written 240 \(20\.0\/s now, 20\.0\/s avg, target 20\.0\/s\)/)
  })

  it('shows "-" for a latency with no samples yet, not a measured-looking 0µs', () => {
    const empty = { count: 0, min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 }
    const s = state()
    const none: DashboardState = { ...s, load: { ...s.load, insert: empty }, pipeline: { ...s.pipeline, stages: { endToEnd: empty, kafkaToMongo: empty } } }
    expect(progressLine(none)).toMatch(/insert p95 -, .*e2e p99 -$/)
    expect(dashboardLines(none).join('\n')).toMatch(/insert +p50 - +p95 - +p99 -/)
    expect(dashboardLines(none).join('\n')).toMatch(/end to end p50 - p99 -/)
    expect(progressLine(s)).not.toMatch(/e2e p99 -$/)
  })

  it('on a TTY redraws in place at least twice a second', () => {
    vi.useFakeTimers()
    const out: string[] = []
    const d = new Dashboard(state, { write: (t) => out.push(t), isTTY: true, columns: 160 }, 'auto')
    expect(d.mode).toBe('tty')
    d.start()
    vi.advanceTimersByTime(1000)
    d.stop()
    const frames = out.filter((t) => t.includes('throughput'))
    expect(frames.length).toBeGreaterThanOrEqual(2)
    // every redraw after the first moves the cursor up over the previous block and clears it
    const ESC = String.fromCharCode(27)
    expect(out.filter((t) => t.startsWith(`${ESC}[`) && t.endsWith(`F${ESC}[J`)).length).toBe(frames.length - 1)
  })

  it('elsewhere prints one plain line every 5 seconds, no escape codes', () => {
    vi.useFakeTimers()
    let now = 0
    const out: string[] = []
    const d = new Dashboard(state, { write: (t) => out.push(t), isTTY: false }, 'auto', () => now)
    expect(d.mode).toBe('plain')
    d.start()
    for (let i = 0; i < 12; i++) {
      now += 1000
      vi.advanceTimersByTime(1000)
    }
    d.stop()
    expect(out.filter((t) => t.startsWith('[')).length).toBe(3) // at 5 s, 10 s, and the final line
    expect(out.join('')).not.toContain(`${String.fromCharCode(27)}[`)
  })

  it('prints no final line when it never started (a run stopped before its load: bad config, preflight)', () => {
    const out: string[] = []
    const d = new Dashboard(state, { write: (t) => out.push(t), isTTY: false }, 'auto')
    d.log('preflight failed')
    d.stop()
    expect(out).toEqual(['preflight failed\n'])
  })
})
