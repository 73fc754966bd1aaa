// pgoutput hands every column over as the text Postgres' output function produced. For
// timestamps, JavaScript's Date would drop the microseconds and guess at the format, so the
// text is kept verbatim next to an ISO 8601 UTC value with millisecond precision.

export interface PgTimestamp {
  /** exactly what Postgres printed, e.g. "2026-01-05 10:11:12.345678+00" */
  readonly text: string
  /** ISO 8601 UTC with milliseconds ("2026-01-05T10:11:12.345Z"); null for ±infinity */
  readonly iso: string | null
  /** microseconds since the Unix epoch (exact); null for ±infinity */
  readonly epochMicros: number | null
}

// DateStyle ISO output: date, time, optional fraction, optional zone (+HH, +HH:MM, +HH:MM:SS), optional " BC".
const ISO_STYLE =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/

/**
 * Parses a timestamp/timestamptz value in DateStyle ISO. A value without a zone (type
 * `timestamp`) is read as UTC. Other DateStyles are refused with the fix, because guessing
 * day/month order would silently corrupt times.
 */
export function parsePgTimestamp(text: string): PgTimestamp {
  if (text === 'infinity' || text === '-infinity') return { text, iso: null, epochMicros: null }
  const m = ISO_STYLE.exec(text)
  if (!m) {
    throw new Error(
      `cannot parse Postgres timestamp "${text}": expected DateStyle ISO ("YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]"); ` +
        `set DateStyle=ISO for the replication connection (the processor passes "-c DateStyle=ISO")`,
    )
  }
  const [, y, mo, d, h, mi, s, frac, sign, zh, zm, zs, bc] = m
  let year = Number(y)
  if (bc) year = 1 - year // 1 BC is astronomical year 0
  const utcMs = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  // Date.UTC maps years 0..99 to 1900..1999; correct that explicitly.
  const fixedMs = year >= 0 && year < 100 ? new Date(utcMs).setUTCFullYear(year) : utcMs
  const offsetSeconds = sign
    ? (sign === '-' ? -1 : 1) * (Number(zh) * 3600 + Number(zm ?? 0) * 60 + Number(zs ?? 0))
    : 0
  const micros = Number((frac ?? '').padEnd(6, '0'))
  const epochMicros = (fixedMs - offsetSeconds * 1000) * 1000 + micros
  return { text, iso: new Date(Math.floor(epochMicros / 1000)).toISOString(), epochMicros }
}
