// Text for a value that came from script code (messages, log arguments): strings as they are,
// errors with their stack, objects as JSON (k6 prints objects as JSON too).
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return v
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`
  if (typeof v === 'object' && v !== null) {
    try {
      return JSON.stringify(v)
    } catch {
      return Object.prototype.toString.call(v)
    }
  }
  if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`
  return String(v)
}
