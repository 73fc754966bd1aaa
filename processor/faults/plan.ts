// The fault plan: which faults the consumer injects and how often. Parsed from the
// `--faults` spec, e.g. "drop=0.01,duplicate=0.005,corrupt=0.002,delay=50ms,reorder=0.01,phantom=3".

export interface FaultPlan {
  /** probability per event that its document is never written */
  readonly drop: number
  /** probability per event that a second document (different _id, same event_id) is written */
  readonly duplicate: number
  /** probability per event that one payload field is written changed */
  readonly corrupt: number
  /** probability per event that it is applied to its projection before its predecessor */
  readonly reorder: number
  /** every batch write is held this long (ms) before it is issued */
  readonly delayMs: number
  /** documents for events that never existed, written once per run id */
  readonly phantom: number
  /** makes every decision reproducible: same seed + same event id = same fault */
  readonly seed: string
}

export const NO_FAULTS: FaultPlan = { drop: 0, duplicate: 0, corrupt: 0, reorder: 0, delayMs: 0, phantom: 0, seed: '0' }

const PROBABILITIES = ['drop', 'duplicate', 'corrupt', 'reorder'] as const
const KEYS = [...PROBABILITIES, 'delay', 'phantom', 'seed'] as const
type Key = (typeof KEYS)[number]

export function isActive(plan: FaultPlan): boolean {
  return PROBABILITIES.some((k) => plan[k] > 0) || plan.delayMs > 0 || plan.phantom > 0
}

/** Parses a fault spec; `seed` may come from the spec or from `--fault-seed` (the spec wins). */
export function parseFaultSpec(spec: string, defaultSeed = '0'): FaultPlan {
  const values: Record<string, number | string> = {}
  const seen = new Set<string>()
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new Error(`fault "${part}" has no value: write it as key=value (e.g. drop=0.01)`)
    const key = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new Error(`unknown fault "${key}": valid faults are ${KEYS.join(', ')}`)
    }
    if (seen.has(key)) throw new Error(`fault "${key}" is given twice in "${spec}"`)
    seen.add(key)
    values[key] = parseValue(key as Key, raw)
  }
  const plan: FaultPlan = {
    drop: (values.drop as number | undefined) ?? 0,
    duplicate: (values.duplicate as number | undefined) ?? 0,
    corrupt: (values.corrupt as number | undefined) ?? 0,
    reorder: (values.reorder as number | undefined) ?? 0,
    delayMs: (values.delay as number | undefined) ?? 0,
    phantom: (values.phantom as number | undefined) ?? 0,
    seed: (values.seed as string | undefined) ?? defaultSeed,
  }
  // drop, duplicate and corrupt are exclusive outcomes of one draw per event.
  const exclusive = plan.drop + plan.duplicate + plan.corrupt
  if (exclusive > 1) {
    throw new Error(`drop + duplicate + corrupt = ${exclusive} > 1: an event gets at most one of them, lower the rates`)
  }
  return plan
}

function parseValue(key: Key, raw: string): number | string {
  if (key === 'seed') {
    if (!raw) throw new Error('fault seed is empty: give e.g. seed=42')
    return raw
  }
  if (key === 'delay') {
    const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw)
    if (!m) throw new Error(`delay "${raw}" is not a duration: write e.g. delay=50ms or delay=1s`)
    return Number(m[1]) * (m[2] === 's' ? 1000 : 1)
  }
  if (key === 'phantom') {
    if (!/^\d+$/.test(raw)) throw new Error(`phantom "${raw}" must be a whole number of documents per run (e.g. phantom=3)`)
    return Number(raw)
  }
  const m = /^(\d+(?:\.\d+)?|\.\d+)(%)?$/.exec(raw)
  const p = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN
  if (!(p >= 0 && p <= 1)) {
    throw new Error(`${key} "${raw}" must be a probability between 0 and 1 (e.g. ${key}=0.01 or ${key}=1%)`)
  }
  return p
}

export function describePlan(plan: FaultPlan): string {
  return (
    `drop=${plan.drop},duplicate=${plan.duplicate},corrupt=${plan.corrupt},reorder=${plan.reorder},` +
    `delay=${plan.delayMs}ms,phantom=${plan.phantom},seed=${plan.seed}`
  )
}
