// Reading the scenario knobs from __ENV (`-e KEY=VALUE` or the environment). Pure functions over a
// plain env object, so they are unit-tested in Node and behave identically in k6. Every bad value
// throws a message naming the knob, what it got and the form it expects (in k6, an init error).

export type Env = Record<string, string | undefined>

/**
 * A bad knob value. In k6 it is an init error like any other (exit 107); its own name lets the
 * orchestrator, which runs the init context once before it starts anything, report it as a
 * configuration error (exit 2) instead.
 */
export class KnobError extends Error {
  override name = 'KnobError'
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

export function positiveNumber(env: Env, name: string, example: string): number | undefined {
  const value = raw(env, name)
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new KnobError(`${name}: expected a positive number (e.g. ${name}=${example}), got "${value}"`)
  return n
}

export function positiveInt(env: Env, name: string, example: string): number | undefined {
  const n = positiveNumber(env, name, example)
  if (n !== undefined && !Number.isInteger(n)) {
    throw new KnobError(`${name}: expected a whole number (e.g. ${name}=${example}), got "${env[name]}"`)
  }
  return n
}

/** Milliseconds from a k6-style duration: "90s", "1m30s", "2h", "1.5s", "250ms" or bare seconds. */
export function durationMs(env: Env, name: string, example: string): number | undefined {
  const value = raw(env, name)
  if (value === undefined) return undefined
  const ms = parseDuration(value)
  if (ms === undefined || ms <= 0) {
    throw new KnobError(`${name}: expected a duration such as ${example}, 90s, 1m30s or 2h, got "${value}"`)
  }
  return ms
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDuration(text: string): number | undefined {
  // A bare number means seconds here (k6 would read milliseconds); "30" for DURATION is 30 s.
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  const parts = text.match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)
  if (!parts || parts.join('') !== text) return undefined
  return parts.reduce((sum, part) => {
    const [, n = '0', unit = 's'] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part) ?? []
    return sum + Number(n) * (UNIT_MS[unit] ?? 0)
  }, 0)
}

/** A k6 duration string for a millisecond count (k6 accepts "1234ms"). */
export function k6Duration(ms: number): string {
  return `${Math.max(1, Math.round(ms))}ms`
}

export function text(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = raw(env, name)
    if (value !== undefined) return value
  }
  return undefined
}

/** A threshold bound: a number, or "off" to drop that threshold. */
export function bound(env: Env, name: string, fallback: number): number | undefined {
  const value = raw(env, name)
  if (value === undefined) return fallback
  if (value.toLowerCase() === 'off') return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new KnobError(`${name}: expected a number or "off", got "${value}"`)
  return n
}
