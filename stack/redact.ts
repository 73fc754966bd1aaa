// Secrets must never reach a log, report or manifest. Every place that prints a connection URL
// or a config object goes through these helpers; other areas import them from this stable path.

export const REDACTED = '***'

// `scheme://user:password@` — a regex rather than `new URL`, because multi-host MongoDB URLs
// (`mongodb://u:p@h1:1,h2:2/db`) and some DSNs are not WHATWG-parseable. The userinfo part
// stops at the LAST '@' before the host, so passwords containing '@' (badly escaped) are
// still covered.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]*):([^\s/?#]*)@(?=[^\s@]*(?:[\s/?#]|$))/gi
// A lone `scheme://token@host` is usually a credential too (e.g. an API token as user name).
const URL_TOKEN_ONLY = /\b((?:https?|postgres(?:ql)?|mongodb(?:\+srv)?|kafka):\/\/)([^\s:/?#@]{16,})@/gi
// Query parameters and libpq conninfo keys that carry secrets.
const SECRET_PARAM = /\b(password|passwd|pwd|secret|token|access_token|api_key|apikey|sasl_password)=([^&\s;'"]+)/gi

/** Replaces the password of every URL found in `text` (and secret query/conninfo values). */
export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
    .replace(URL_TOKEN_ONLY, (_m, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(SECRET_PARAM, (_m, key: string) => `${key}=${REDACTED}`)
}

/** A connection URL safe to print: `postgres://user:***@host:5432/db`. */
export function redactUrl(url: string): string {
  return redactText(url)
}

const SECRET_KEY = /pass(word|wd)?$|secret|token|credential|api[-_]?key|private[-_]?key/i

/**
 * A deep copy of `value` safe to print or persist: values under secret-looking keys become
 * `***`, and every string is passed through {@link redactText}.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, new WeakSet()) as T
}

function redact(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (Array.isArray(value)) return value.map((v) => redact(v, seen))
  if (value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '' ? REDACTED : redact(v, seen)
  }
  return out
}
