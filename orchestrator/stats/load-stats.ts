// What the load side did, from the engine's samples: events written per second (current, avg,
// peak), write error rate, insert latency, per-type counts, and per-second history for the
// report. The scenario metrics are scenarios/lib/metrics.ts: events_written (Counter, tag type),
// insert_duration (Trend, ms), insert_errors (Rate), target_rate (Gauge, events/s).
import type { EngineSample } from '../engines/engine.ts'
import { HistogramLogWriter } from 'hdr-histogram-js'
import { LatencyHistogram, US_PER_MS, type Percentiles } from './histogram.ts'

export interface LoadSecond {
  /** Second since the load started. */
  t: number
  written: number
  writes: number
  errors: number
  insert: { p50: number; p95: number; p99: number; count: number }
  target?: number
}

export interface LoadSnapshot {
  elapsedMs: number
  written: number
  currentRate: number
  avgRate: number
  peakRate: number
  targetRate?: number
  writes: number
  writeErrors: number
  errorRate: number
  insert: Percentiles
  perType: { type: string; count: number; share: number }[]
  iterations: number
  droppedIterations: number
}

/** The `worker` tag of the first node-engine worker (orchestrator/engines/node-workers.ts). */
const FIRST_WORKER = '1'

/** Seconds averaged for "current": short enough to show a change, long enough not to flicker. */
const CURRENT_WINDOW_S = 3

export class LoadStats {
  readonly insert = new LatencyHistogram()
  #second = new Map<number, { written: number; writes: number; errors: number; hist: LatencyHistogram; target?: number }>()
  readonly history: LoadSecond[] = []
  #perType = new Map<string, number>()
  written = 0
  writes = 0
  writeErrors = 0
  iterations = 0
  droppedIterations = 0
  targetRate: number | undefined
  /** Epoch ms when the load began (first sample, or set by the run). */
  start: number | undefined
  /** Epoch ms when the load ended (set by the run): rates are over the load, not the drain. */
  end: number | undefined
  /** Raw per-second insert latency histograms in HdrHistogram's interval log format (µs). */
  readonly hdrLog: string[] = []
  readonly #logWriter = new HistogramLogWriter((line) => this.hdrLog.push(line))

  constructor(
    /** Target events/s when the scenario has a constant rate (flag or plan). */
    readonly plannedRate?: number,
  ) {}

  ingest(batch: readonly EngineSample[]): void {
    for (const s of batch) {
      // setup() writes the product catalogue: counted in totals, kept out of the rate history.
      const inSetup = s.tags.group === '::setup'
      this.start ??= s.time
      const sec = this.#bucket(s.time)
      switch (s.metric) {
        case 'events_written': {
          // With --workers N every worker runs setup() and writes the same catalogue again
          // (idempotent in Postgres): counted once, `written` stays the run's distinct events, the
          // figure in_kafka and in_mongo are compared with (otherwise a phantom backlog).
          if (inSetup && s.tags.worker !== undefined && s.tags.worker !== FIRST_WORKER) break
          this.written += s.value
          const type = s.tags.type ?? 'unknown'
          this.#perType.set(type, (this.#perType.get(type) ?? 0) + s.value)
          if (!inSetup) sec.written += s.value
          break
        }
        case 'insert_duration':
          this.insert.record(s.value)
          sec.hist.record(s.value)
          break
        case 'insert_errors':
          this.writes++
          sec.writes++
          if (s.value !== 0) {
            this.writeErrors++
            sec.errors++
          }
          break
        case 'target_rate':
          this.targetRate = s.value
          sec.target = s.value
          break
        case 'iterations':
          this.iterations += s.value
          break
        case 'dropped_iterations':
          this.droppedIterations += s.value
          break
      }
    }
  }

  #bucket(time: number) {
    const t = Math.max(0, Math.floor((time - (this.start ?? time)) / 1000))
    let b = this.#second.get(t)
    if (!b) {
      b = { written: 0, writes: 0, errors: 0, hist: new LatencyHistogram() }
      this.#second.set(t, b)
    }
    return b
  }

  /** Moves finished seconds (before `now`) into history; the report plots history. */
  roll(now: number): void {
    if (this.start === undefined) return
    const current = Math.floor((now - this.start) / 1000)
    for (const [t, b] of [...this.#second].sort((a, c) => a[0] - c[0])) {
      if (t >= current) continue
      const s = b.hist.summary()
      if (this.hdrLog.length === 0) {
        this.#logWriter.outputComment('eventload insert_duration, values in microseconds, one interval per second')
        this.#logWriter.outputStartTime(this.start)
        this.#logWriter.outputLegend()
      }
      if (s.count) this.#logWriter.outputIntervalHistogram(b.hist.hdr, (this.start + t * 1000) / 1000, (this.start + (t + 1) * 1000) / 1000, US_PER_MS)
      this.history.push({ t, written: b.written, writes: b.writes, errors: b.errors, insert: { p50: s.p50, p95: s.p95, p99: s.p99, count: s.count }, ...(b.target !== undefined ? { target: b.target } : {}) })
      this.#second.delete(t)
    }
  }

  /** Marks the end of the load. */
  finish(time: number): void {
    this.end ??= time
  }

  snapshot(now: number): LoadSnapshot {
    this.roll(now)
    const until = this.end !== undefined ? Math.min(now, this.end) : now
    const elapsedMs = this.start === undefined ? 0 : Math.max(0, until - this.start)
    // "current": the last whole seconds of wall time, so it falls to 0 when the load stops.
    const nowSecond = this.start === undefined ? 0 : Math.floor((now - this.start) / 1000)
    const recent = this.history.filter((s) => s.t >= nowSecond - CURRENT_WINDOW_S && s.t < nowSecond)
    const currentRate = recent.reduce((a, s) => a + s.written, 0) / CURRENT_WINDOW_S
    const loadWritten = this.history.reduce((a, s) => a + s.written, 0) + [...this.#second.values()].reduce((a, b) => a + b.written, 0)
    const perType = [...this.#perType].sort((a, b) => b[1] - a[1]).map(([type, count]) => ({ type, count, share: this.written ? count / this.written : 0 }))
    const target = this.targetRate ?? this.plannedRate
    return {
      elapsedMs,
      written: this.written,
      currentRate,
      avgRate: elapsedMs > 0 ? loadWritten / (elapsedMs / 1000) : 0,
      // Peak is the busiest whole second; a load shorter than a second has none, and its
      // average is its peak (else a 0.1 s smoke run reads "avg 97/s, peak 10/s").
      peakRate: Math.max(this.history.reduce((m, s) => Math.max(m, s.written), 0), elapsedMs > 0 && elapsedMs < 1000 ? loadWritten / (elapsedMs / 1000) : 0),
      ...(target !== undefined ? { targetRate: target } : {}),
      writes: this.writes,
      writeErrors: this.writeErrors,
      errorRate: this.writes ? this.writeErrors / this.writes : 0,
      insert: this.insert.summary(),
      perType,
      iterations: this.iterations,
      droppedIterations: this.droppedIterations,
    }
  }
}
