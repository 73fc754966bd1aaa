// `--out json[=file]`: k6's NDJSON. Before a metric's first point one `Metric` line (name,
// type, contains, thresholds, submetrics), then one `Point` line per sample with time,
// value, tags and (when not empty) metadata.
import type { Metric } from '../metrics/metric.ts'
import type { Sample } from '../metrics/samples.ts'
import { LineWriter } from './line-writer.ts'
import type { Output, OutputParams } from './output.ts'
import { rfc3339Nano } from './time-format.ts'

export function jsonOutput(p: OutputParams): Output {
  const target = p.arg === '' ? '-' : p.arg
  let writer: LineWriter | undefined
  const seen = new Set<Metric>()

  const metricLine = (m: Metric): string => {
    const thresholds = [...p.thresholds]
      .filter(([sel]) => sel === m.name || sel.startsWith(`${m.name}{`))
      .flatMap(([, specs]) => specs.map((s) => (s.abortOnFail ? { threshold: s.threshold, abortOnFail: true, delayAbortEval: typeof s.raw === 'object' ? (s.raw.delayAbortEval ?? '') : '' } : s.threshold)))
    const submetrics = m.submetrics.length
      ? m.submetrics.map((s) => ({ name: s.name, suffix: s.suffix, tags: s.tags }))
      : null
    return JSON.stringify({
      type: 'Metric',
      data: { name: m.name, type: m.type, contains: m.contains, thresholds, submetrics },
      metric: m.name,
    })
  }

  return {
    description: `json (${target})`,
    start() {
      writer = new LineWriter(target)
      return Promise.resolve()
    },
    addSamples(batch: readonly Sample[]) {
      let out = ''
      for (const s of batch) {
        if (!seen.has(s.metric)) {
          seen.add(s.metric)
          out += metricLine(s.metric) + '\n'
        }
        const data: Record<string, unknown> = { time: rfc3339Nano(s.time), value: s.value, tags: s.tags }
        if (s.metadata && Object.keys(s.metadata).length > 0) data.metadata = s.metadata
        out += JSON.stringify({ type: 'Point', data, metric: s.metric.name }) + '\n'
      }
      writer?.write(out)
    },
    async stop() {
      await writer?.close()
    },
  }
}
