// Reads k6's `--out json` stream (k6-semantics.md §6.1): a `Metric` line declares a metric
// (type, contains, thresholds) before its first `Point`; each `Point` is one sample. Lines
// may arrive split across reads, so the parser keeps the unfinished tail.
import type { EngineSample, MetricKind } from './engine.ts'

export interface K6MetricDecl {
  name: string
  type: MetricKind
  contains: 'time' | 'data' | 'default'
  thresholds: string[]
}

const KINDS = new Set(['counter', 'gauge', 'rate', 'trend'])

export class K6JsonParser {
  readonly metrics = new Map<string, K6MetricDecl>()
  #partial = ''
  /** Lines that were not k6 JSON output (counted, not thrown: one bad line must not stop a run). */
  badLines = 0

  /** Feeds a chunk of the stream; returns the samples of the complete lines in it. */
  push(chunk: string): EngineSample[] {
    const text = this.#partial + chunk
    const lines = text.split('\n')
    this.#partial = lines.pop() ?? ''
    const out: EngineSample[] = []
    for (const line of lines) this.#line(line, out)
    return out
  }

  /** Parses whatever is left at end of stream. */
  end(): EngineSample[] {
    const out: EngineSample[] = []
    if (this.#partial) this.#line(this.#partial, out)
    this.#partial = ''
    return out
  }

  #line(line: string, out: EngineSample[]): void {
    const trimmed = line.trim()
    if (!trimmed) return
    let obj: { type?: unknown; metric?: unknown; data?: Record<string, unknown> }
    try {
      obj = JSON.parse(trimmed) as typeof obj
    } catch {
      this.badLines++
      return
    }
    const name = typeof obj.metric === 'string' ? obj.metric : undefined
    const data = obj.data
    if (!name || !data) {
      this.badLines++
      return
    }
    if (obj.type === 'Metric') {
      const type = String(data.type)
      if (!KINDS.has(type)) {
        this.badLines++
        return
      }
      const contains = data.contains === 'time' || data.contains === 'data' ? data.contains : 'default'
      // Threshold entries are strings, or {threshold, abortOnFail, delayAbortEval} objects.
      const thresholds = Array.isArray(data.thresholds)
        ? data.thresholds.map((t: unknown) => (typeof t === 'string' ? t : String((t as { threshold?: unknown }).threshold)))
        : []
      this.metrics.set(name, { name, type: type as MetricKind, contains, thresholds })
      return
    }
    if (obj.type === 'Point') {
      const decl = this.metrics.get(name)
      const time = typeof data.time === 'string' ? Date.parse(data.time) : NaN
      const value = typeof data.value === 'number' ? data.value : NaN
      if (!decl || !Number.isFinite(time) || !Number.isFinite(value)) {
        this.badLines++
        return
      }
      const tags: Record<string, string> = {}
      if (data.tags && typeof data.tags === 'object') {
        for (const [k, v] of Object.entries(data.tags as Record<string, unknown>)) tags[k] = String(v)
      }
      out.push({ metric: name, type: decl.type, time, value, tags, contains: decl.contains })
      return
    }
    this.badLines++
  }
}
