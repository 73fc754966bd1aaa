// A metric and its sub-metrics (`name{tag:value,...}`), k6's model: every sample feeds the
// metric's sink and the sink of every sub-metric whose tags are a subset of the sample's.
import type { MetricType, Tags } from '../host.ts'
import { newSink, type Sink } from './sinks.ts'

export type ValueKind = 'default' | 'time' | 'data'

export class Submetric {
  readonly sink: Sink
  /** `k:v,k2:v2` as written in the selector. */
  readonly suffix: string
  readonly tags: Tags
  readonly #pairs: ReadonlyArray<readonly [string, string]>

  constructor(
    readonly parent: Metric,
    readonly name: string,
    suffix: string,
    tags: Tags,
  ) {
    this.suffix = suffix
    this.tags = tags
    this.#pairs = Object.entries(tags)
    this.sink = newSink(parent.type)
  }

  matches(tags: Tags): boolean {
    for (const [k, v] of this.#pairs) if (tags[k] !== v) return false
    return true
  }
}

export class Metric {
  readonly sink: Sink
  readonly submetrics: Submetric[] = []

  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly contains: ValueKind,
  ) {
    this.sink = newSink(type)
  }

  /** Returns the sub-metric for a selector, creating it once. */
  submetric(suffix: string, tags: Tags): Submetric {
    const name = `${this.name}{${suffix}}`
    const existing = this.submetrics.find((s) => s.name === name)
    if (existing) return existing
    const sm = new Submetric(this, name, suffix, tags)
    this.submetrics.push(sm)
    return sm
  }
}

const SELECTOR = /^([^{]+)\{(.*)\}$/

export interface ParsedMetricName {
  readonly name: string
  readonly suffix?: string
  readonly tags?: Tags
}

/**
 * Parses `metric` or `metric{k:v,...}` as k6 does: parts split on `,`, each on its first `:`,
 * keys and values trimmed and stripped of surrounding quotes; `{}` must end the string.
 */
export function parseMetricName(text: string): ParsedMetricName {
  const open = text.indexOf('{')
  if (open === -1) {
    if (text.includes('}')) throw new Error(`the metric name ${JSON.stringify(text)} has a "}" without "{"`)
    return { name: text.trim() }
  }
  const m = SELECTOR.exec(text)
  if (!m?.[1]) throw new Error(`the sub-metric ${JSON.stringify(text)} must end with its {tag:value} selector`)
  const body = (m[2] ?? '').trim()
  if (body === '') throw new Error(`the sub-metric ${JSON.stringify(text)} has an empty selector; write name{tag:value}`)
  const tags: Tags = {}
  for (const part of body.split(',')) {
    const colon = part.indexOf(':')
    if (colon === -1) throw new Error(`the selector part ${JSON.stringify(part.trim())} in ${JSON.stringify(text)} must be tag:value`)
    const key = unquote(part.slice(0, colon).trim())
    const value = unquote(part.slice(colon + 1).trim())
    if (key === '') throw new Error(`the selector ${JSON.stringify(text)} has an empty tag name`)
    tags[key] = value
  }
  return { name: m[1].trim(), suffix: body, tags }
}

function unquote(s: string): string {
  return s.replace(/^["']+/, '').replace(/["']+$/, '')
}
