// `--out csv[=file | fileName=...,saveInterval=...,timeFormat=...]`: k6's CSV. Header:
// metric_name,timestamp,metric_value, then every enabled indexable system tag sorted, then
// extra_tags,metadata. Values with 6 decimals; other tags and metadata as k=v&k2=v2.
import type { Sample } from '../metrics/samples.ts'
import { parseDuration } from '../options/duration.ts'
import { ConfigError } from '../run/exit-codes.ts'
import { LineWriter } from './line-writer.ts'
import type { Output, OutputParams } from './output.ts'
import { rfc3339Nano } from './time-format.ts'

const METADATA_TAGS = new Set(['vu', 'iter'])
const TIME_FORMATS = ['unix', 'unix_milli', 'unix_micro', 'unix_nano', 'rfc3339', 'rfc3339_nano'] as const
type TimeFormat = (typeof TIME_FORMATS)[number]

function field(v: string): string {
  return /[",\n\r]/.test(v) || v.startsWith(' ') ? `"${v.replace(/"/g, '""')}"` : v
}

function time(epochMs: number, format: TimeFormat): string {
  switch (format) {
    case 'unix':
      return String(Math.floor(epochMs / 1000))
    case 'unix_milli':
      return String(Math.floor(epochMs))
    case 'unix_micro':
      return String(Math.floor(epochMs * 1000))
    case 'unix_nano':
      return (BigInt(Math.floor(epochMs)) * 1_000_000n + BigInt(Math.round((epochMs % 1) * 1e6))).toString()
    case 'rfc3339':
      return rfc3339Nano(Math.floor(epochMs / 1000) * 1000)
    case 'rfc3339_nano':
      return rfc3339Nano(epochMs)
  }
}

export function csvOutput(p: OutputParams): Output {
  let fileName = p.env.K6_CSV_FILENAME || 'file.csv'
  let timeFormat = (p.env.K6_CSV_TIME_FORMAT || 'unix') as TimeFormat
  let saveInterval = p.env.K6_CSV_SAVE_INTERVAL ? parseDuration(p.env.K6_CSV_SAVE_INTERVAL, 'K6_CSV_SAVE_INTERVAL') : 1000
  if (p.arg.includes('=')) {
    for (const part of p.arg.split(',')) {
      const [k, v = ''] = part.split('=')
      if (k === 'fileName') fileName = v
      else if (k === 'timeFormat') timeFormat = v as TimeFormat
      else if (k === 'saveInterval') saveInterval = parseDuration(v, 'csv saveInterval')
      else throw new ConfigError(`--out csv: unknown option "${k}" (use fileName, saveInterval, timeFormat)`)
    }
  } else if (p.arg !== '') fileName = p.arg
  if (!TIME_FORMATS.includes(timeFormat)) throw new ConfigError(`--out csv: timeFormat must be one of ${TIME_FORMATS.join(', ')}`)
  const columns = [...p.systemTags].filter((t) => !METADATA_TAGS.has(t)).sort()
  const known = new Set(columns)
  let writer: LineWriter | undefined
  let pending = ''
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    writer?.write(pending)
    pending = ''
  }
  return {
    description: `csv (${fileName})`,
    start() {
      writer = new LineWriter(fileName)
      writer.write(['metric_name', 'timestamp', 'metric_value', ...columns, 'extra_tags', 'metadata'].join(',') + '\n')
      timer = setInterval(flush, Math.max(100, saveInterval))
      timer.unref()
      return Promise.resolve()
    },
    addSamples(batch: readonly Sample[]) {
      for (const s of batch) {
        const extra: string[] = []
        for (const [k, v] of Object.entries(s.tags)) if (!known.has(k)) extra.push(`${k}=${v}`)
        const meta = s.metadata ? Object.entries(s.metadata).map(([k, v]) => `${k}=${v}`) : []
        const row = [s.metric.name, time(s.time, timeFormat), s.value.toFixed(6), ...columns.map((c) => s.tags[c] ?? ''), extra.join('&'), meta.join('&')]
        pending += row.map(field).join(',') + '\n'
      }
    },
    async stop() {
      if (timer) clearInterval(timer)
      flush()
      await writer?.close()
    },
  }
}
