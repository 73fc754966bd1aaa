// Turns raw settings (flags, env, config file) into one validated RunConfig, or a ConfigError
// listing every problem at once as `where: what is wrong`.
import { ConfigError } from '../errors.ts'
import { unknownFileSections } from './file-sections.ts'
import { runConfigSchema, type RunConfig } from './schema.ts'
import { fromEnv, fromFile, mergeSources, type RawConfig } from './sources.ts'
import { newRunId } from './run-id.ts'

export interface LoadConfigOptions {
  flags: RawConfig
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Valid scenario names (an unknown one is reported with this list). */
  scenarios: readonly string[]
}

export function loadRunConfig(opts: LoadConfigOptions): RunConfig {
  const env = opts.env ?? process.env
  const issues: string[] = []
  const file = fromFile(env, opts.cwd ?? process.cwd(), issues)
  issues.push(...unknownFileSections(env, opts.cwd ?? process.cwd()))
  const raw = mergeSources(file, fromEnv(env), opts.flags)
  const input = Object.fromEntries(Object.entries(raw).map(([k, s]) => [k, s.value]))
  const labelOf = (key: PropertyKey | undefined) => (key === undefined ? 'config' : (raw[String(key)]?.label ?? String(key)))

  const scenario = raw.scenario?.value
  if (typeof scenario === 'string' && !opts.scenarios.includes(scenario)) {
    issues.push(`${labelOf('scenario')}: unknown scenario "${scenario}"; valid scenarios: ${opts.scenarios.join(', ')}`)
  }
  const parsed = runConfigSchema.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, ...rest] = issue.path
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) issues.push(`${raw[k]?.label ?? k}: unknown setting; known: ${Object.keys(runConfigSchema.shape).join(', ')}`)
        continue
      }
      const where = `${labelOf(key)}${rest.length && typeof rest[0] === 'number' ? `[${rest[0]}]` : ''}`
      let got = key === undefined ? undefined : input[String(key)]
      if (Array.isArray(got) && typeof rest[0] === 'number') got = got[rest[0]]
      const echo = (typeof got === 'string' || typeof got === 'number') && !issue.message.includes('got') ? ` (got ${JSON.stringify(got)})` : ''
      issues.push(`${where}: ${issue.message}${echo}`)
    }
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues)
  const c = parsed.data
  return {
    ...c,
    env: Object.fromEntries(c.env),
    tag: Object.fromEntries(c.tag),
    runId: c.runId ?? newRunId(),
  }
}
