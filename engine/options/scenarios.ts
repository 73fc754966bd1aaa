// Strict scenario parsing, as k6 decodes executor configs: unknown keys, bad names, missing
// required fields and out-of-range values are errors naming the scenario and the fix.
import type { Tags } from '../host.ts'
import { parseDuration } from './duration.ts'
import { EXECUTORS, type ExecutorName, type ScenarioConfig, type Stage } from './types.ts'

const NAME = /^[0-9a-zA-Z_-]+$/
const COMMON = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options']
const KEYS: Record<ExecutorName, readonly string[]> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['stages', 'startVUs', 'gracefulRampDown'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['stages', 'startRate', 'timeUnit', 'preAllocatedVUs', 'maxVUs'],
}
const MAX_VUS = 100_000_000

type Raw = Record<string, unknown>

/** Collects every problem so one run reports them all. */
class Problems {
  readonly list: string[] = []
  add(msg: string): void {
    this.list.push(msg)
  }
}

export function parseScenarios(raw: unknown, problems: string[]): ScenarioConfig[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('scenarios must be an object mapping scenario names to their config')
    return []
  }
  const out: ScenarioConfig[] = []
  for (const [name, cfg] of Object.entries(raw as Raw)) {
    const p = new Problems()
    const s = parseScenario(name, cfg, p)
    problems.push(...p.list)
    if (s && p.list.length === 0) out.push(s)
  }
  if (Object.keys(raw).length === 0) problems.push('scenarios: at least one scenario is needed')
  return out
}

function parseScenario(name: string, cfg: unknown, p: Problems): ScenarioConfig | undefined {
  const where = `scenario "${name}"`
  if (!NAME.test(name)) p.add(`${where}: the name must match ^[0-9a-zA-Z_-]+$`)
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) {
    p.add(`${where}: its config must be an object`)
    return undefined
  }
  const c = cfg as Raw
  const executor = c.executor
  if (executor === 'externally-controlled') {
    p.add(`${where}: the externally-controlled executor was removed in k6 v2.0 and the node engine does not provide it; use ramping-vus or an arrival-rate executor`)
    return undefined
  }
  if (typeof executor !== 'string' || !(EXECUTORS as readonly string[]).includes(executor)) {
    p.add(`${where}: executor must be one of ${EXECUTORS.join(', ')} (got ${JSON.stringify(executor)})`)
    return undefined
  }
  const ex = executor as ExecutorName
  const allowed = new Set([...COMMON, ...KEYS[ex]])
  for (const key of Object.keys(c)) {
    if (!allowed.has(key)) p.add(`${where}: unknown option "${key}" for the ${ex} executor (allowed: ${[...allowed].join(', ')})`)
  }
  const get = (k: string) => (c[k] === null ? undefined : c[k])
  // A number option: `def` when absent (required when there is no default). What `parse`
  // throws is a problem, and the value reads as 0 so the remaining checks still run.
  const field = (k: string, def: number | undefined, parse: (v: unknown) => number): number => {
    const v = get(k)
    if (v === undefined) {
      if (def === undefined) p.add(`${where}: ${k} is required`)
      return def ?? 0
    }
    try {
      return parse(v)
    } catch (e) {
      p.add((e as Error).message)
      return 0
    }
  }
  const dur = (k: string, def?: number) => field(k, def, (v) => parseDuration(v, `${where}: ${k}`))
  const int = (k: string, def?: number) =>
    field(k, def, (v) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${where}: ${k} must be a whole number (got ${JSON.stringify(v)})`)
      return v
    })
  const exec = get('exec')
  if (exec !== undefined && (typeof exec !== 'string' || exec === '')) p.add(`${where}: exec must be the name of an exported function`)
  const base = {
    name,
    startTime: dur('startTime', 0),
    gracefulStop: dur('gracefulStop', 30_000),
    exec: typeof exec === 'string' && exec !== '' ? exec : 'default',
    env: stringMap(get('env'), `${where}: env`, p),
    tags: stringMap(get('tags'), `${where}: tags`, p) as Tags,
  }
  if (base.startTime < 0) p.add(`${where}: startTime must not be negative`)
  if (base.gracefulStop < 0) p.add(`${where}: gracefulStop must not be negative`)
  const atLeast1s = (k: string, v: number) => {
    if (v < 1000) p.add(`${where}: ${k} must be at least 1s (got ${JSON.stringify(get(k))})`)
  }
  switch (ex) {
    case 'shared-iterations':
    case 'per-vu-iterations': {
      const vus = int('vus', 1)
      const iterations = int('iterations', 1)
      const maxDuration = dur('maxDuration', 600_000)
      if (vus <= 0) p.add(`${where}: vus must be greater than 0`)
      if (iterations <= 0) p.add(`${where}: iterations must be greater than 0`)
      if (ex === 'shared-iterations' && iterations < vus) {
        p.add(`${where}: the number of iterations (${iterations}) can't be less than the number of VUs (${vus})`)
      }
      atLeast1s('maxDuration', maxDuration)
      return { ...base, executor: ex, vus, iterations, maxDuration }
    }
    case 'constant-vus': {
      const vus = int('vus', 1)
      const duration = dur('duration')
      if (vus <= 0) p.add(`${where}: vus must be greater than 0`)
      if (get('duration') !== undefined) atLeast1s('duration', duration)
      return { ...base, executor: ex, vus, duration }
    }
    case 'ramping-vus': {
      const startVUs = int('startVUs', 1)
      const stages = parseStages(get('stages'), where, p)
      const gracefulRampDown = dur('gracefulRampDown', 30_000)
      if (startVUs < 0) p.add(`${where}: startVUs must not be negative`)
      if (gracefulRampDown < 0) p.add(`${where}: gracefulRampDown must not be negative`)
      const peak = Math.max(startVUs, ...stages.map((s) => s.target))
      if (stages.length > 0 && peak <= 0) p.add(`${where}: either startVUs or one of the stage targets must be greater than 0`)
      if (peak > MAX_VUS) p.add(`${where}: ${peak} VUs is more than the allowed ${MAX_VUS}`)
      return { ...base, executor: ex, startVUs, stages, gracefulRampDown }
    }
    case 'constant-arrival-rate': {
      const rate = int('rate')
      const timeUnit = dur('timeUnit', 1000)
      const duration = dur('duration')
      const preAllocatedVUs = int('preAllocatedVUs')
      const maxVUs = int('maxVUs', preAllocatedVUs)
      if (get('rate') !== undefined && rate <= 0) p.add(`${where}: rate must be greater than 0`)
      if (timeUnit <= 0) p.add(`${where}: timeUnit must be greater than 0`)
      if (get('duration') !== undefined) atLeast1s('duration', duration)
      arrivalVus(preAllocatedVUs, maxVUs, where, p)
      return { ...base, executor: ex, rate, timeUnit, duration, preAllocatedVUs, maxVUs }
    }
    case 'ramping-arrival-rate': {
      const startRate = int('startRate', 0)
      const timeUnit = dur('timeUnit', 1000)
      const stages = parseStages(get('stages'), where, p)
      const preAllocatedVUs = int('preAllocatedVUs')
      const maxVUs = int('maxVUs', preAllocatedVUs)
      if (startRate < 0) p.add(`${where}: startRate must not be negative`)
      if (timeUnit <= 0) p.add(`${where}: timeUnit must be greater than 0`)
      arrivalVus(preAllocatedVUs, maxVUs, where, p)
      return { ...base, executor: ex, startRate, timeUnit, stages, preAllocatedVUs, maxVUs }
    }
  }
}

function arrivalVus(pre: number, max: number, where: string, p: Problems): void {
  if (pre < 0) p.add(`${where}: preAllocatedVUs must not be negative`)
  if (max < pre) p.add(`${where}: maxVUs (${max}) must be at least preAllocatedVUs (${pre})`)
  if (max > MAX_VUS) p.add(`${where}: maxVUs ${max} is more than the allowed ${MAX_VUS}`)
}

export function parseStages(raw: unknown, where: string, p: { add(msg: string): void }): Stage[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add(`${where}: stages is required: a list of {duration, target} with at least one entry`)
    return []
  }
  return raw.map((s: unknown, i) => {
    const at = `${where}: stages[${i}]`
    if (s === null || typeof s !== 'object') {
      p.add(`${at} must be an object {duration, target}`)
      return { duration: 0, target: 0 }
    }
    const st = s as Raw
    for (const k of Object.keys(st)) if (k !== 'duration' && k !== 'target') p.add(`${at}: unknown key "${k}"`)
    let duration = 0
    if (st.duration === undefined || st.duration === null) p.add(`${at}: duration is required`)
    else {
      try {
        duration = parseDuration(st.duration, `${at}.duration`)
      } catch (e) {
        p.add((e as Error).message)
      }
    }
    const target = st.target
    if (target === undefined || target === null) p.add(`${at}: target is required`)
    else if (typeof target !== 'number' || !Number.isInteger(target)) p.add(`${at}: target must be a whole number`)
    if (duration < 0) p.add(`${at}: duration must not be negative`)
    if (typeof target === 'number' && target < 0) p.add(`${at}: target must not be negative`)
    return { duration, target: typeof target === 'number' ? target : 0 }
  })
}

function stringMap(raw: unknown, where: string, p: Problems): Record<string, string> {
  if (raw === undefined) return {}
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null) {
    p.add(`${where} must be an object of strings`)
    return {}
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw as Raw)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v)
    else p.add(`${where}.${k} must be a string`)
  }
  return out
}
