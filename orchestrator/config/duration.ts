// k6-style durations for our own flags (--drain-timeout, --duration): "500ms", "30s", "1m30s",
// "2h"; a bare number means seconds, as the scenario knobs read it (scenarios/lib/knobs.ts).
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000
  const parts = t.match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)
  if (!parts || parts.join('') !== t) return undefined
  let total = 0
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part)
    if (m) total += Number(m[1]) * (UNIT_MS[m[2]!] ?? 0)
  }
  return total
}

/** "1m05s", "12.3s", "850ms": how the dashboard and reports print durations. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-'
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const totalS = Math.round(ms / 1000)
  const h = Math.floor(totalS / 3600)
  const m = Math.floor((totalS % 3600) / 60)
  const s = totalS % 60
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s` : `${m}m${String(s).padStart(2, '0')}s`
}
