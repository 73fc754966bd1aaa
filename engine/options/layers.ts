// The option layers k6 merges, lowest to highest: config file < script `options` < `K6_*`
// environment < command-line flags. Each layer is a partial options object with k6's JSON
// names; this file reads the environment layer and the small textual formats the env and the
// CLI share (stages "30s:10,1m:0", tags "k:v,k2:v2").
export type OptionsLayer = Record<string, unknown>

export interface NamedLayer {
  readonly name: 'config' | 'script' | 'env' | 'cli'
  readonly options: OptionsLayer
}

function bool(v: string): boolean {
  return v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

function int(v: string, key: string): number {
  const n = Number(v)
  if (!Number.isInteger(n)) throw new Error(`${key}=${v}: expected a whole number`)
  return n
}

/** "30s:10,1m:0" -> [{duration, target}, ...] (k6's --stage / K6_STAGES text form). */
export function parseStagesText(text: string, what: string): Array<{ duration: string; target: number }> {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const colon = s.lastIndexOf(':')
      if (colon === -1) throw new Error(`${what}: the stage ${JSON.stringify(s)} must be duration:target, e.g. 30s:10`)
      const target = Number(s.slice(colon + 1))
      if (!Number.isInteger(target)) throw new Error(`${what}: the stage ${JSON.stringify(s)} has a target that is not a whole number`)
      return { duration: s.slice(0, colon), target }
    })
}

/** "k:v,k2:v2" or "k=v,..." -> tags. */
export function parseTagsText(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^:=]+)[:=](.*)$/.exec(part)
    if (!m?.[1]) throw new Error(`${what}: ${JSON.stringify(part)} must be name=value`)
    out[m[1].trim()] = (m[2] ?? '').trim()
  }
  return out
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean)

type EnvReader = (v: string, key: string) => [string, unknown]

const ENV: Record<string, EnvReader> = {
  K6_VUS: (v, k) => ['vus', int(v, k)],
  K6_DURATION: (v) => ['duration', v],
  K6_ITERATIONS: (v, k) => ['iterations', int(v, k)],
  K6_STAGES: (v, k) => ['stages', parseStagesText(v, k)],
  K6_TAGS: (v, k) => ['tags', parseTagsText(v, k)],
  K6_NO_THRESHOLDS: (v) => ['noThresholds', bool(v)],
  K6_SUMMARY_TREND_STATS: (v) => ['summaryTrendStats', list(v)],
  K6_SUMMARY_TIME_UNIT: (v) => ['summaryTimeUnit', v],
  K6_SUMMARY_EXPORT: (v) => ['summaryExport', v],
  K6_SUMMARY_MODE: (v) => ['summaryMode', v],
  K6_SETUP_TIMEOUT: (v) => ['setupTimeout', v],
  K6_TEARDOWN_TIMEOUT: (v) => ['teardownTimeout', v],
  K6_HANDLE_SUMMARY_TIMEOUT: (v) => ['handleSummaryTimeout', v],
  K6_NO_SETUP: (v) => ['noSetup', bool(v)],
  K6_NO_TEARDOWN: (v) => ['noTeardown', bool(v)],
  K6_THROW: (v) => ['throw', bool(v)],
  K6_SYSTEM_TAGS: (v) => ['systemTags', list(v)],
  K6_MIN_ITERATION_DURATION: (v) => ['minIterationDuration', v],
  K6_NO_COLOR: (v) => ['noColor', bool(v)],
  K6_OUT: (v) => ['out', list(v)],
}

/** The `K6_*` layer. `scenarios` and the execution segment have no environment variable. */
export function envLayer(env: Record<string, string | undefined>): OptionsLayer {
  const out: OptionsLayer = {}
  for (const [key, read] of Object.entries(ENV)) {
    const v = env[key]
    if (v === undefined || v === '') continue
    const [name, value] = read(v, key)
    out[name] = value
  }
  return out
}
