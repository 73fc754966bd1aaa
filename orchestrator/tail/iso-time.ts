// Epoch milliseconds of the timestamps the tail reads from every record. Most producers write
// JSON.stringify(Date) ("2026-01-05T10:11:12.351Z"), and the records of one moment share the
// same second, so the second is parsed once and only the milliseconds per record. Any other
// form goes to the general parser (verify/normalize.ts), which keeps microseconds.
import type { TimestampFormat } from '../profile/schema.ts'
import { toEpochMs } from '../verify/normalize.ts'

export class TimestampParser {
  #prefix = ''
  #secondMs = NaN

  constructor(readonly format: TimestampFormat) {}

  parse(value: unknown): number {
    if (typeof value !== 'string' || (this.format !== 'iso' && this.format !== 'auto')) return toEpochMs(value, this.format)
    // YYYY-MM-DDTHH:MM:SS.mmmZ
    if (value.length !== 24 || value.charCodeAt(23) !== 90 || value.charCodeAt(19) !== 46 || value.charCodeAt(10) !== 84) return toEpochMs(value, this.format)
    const d0 = value.charCodeAt(20) - 48
    const d1 = value.charCodeAt(21) - 48
    const d2 = value.charCodeAt(22) - 48
    if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return toEpochMs(value, this.format)
    if (!value.startsWith(this.#prefix) || this.#prefix === '') {
      const second = Date.parse(`${value.slice(0, 19)}Z`)
      if (Number.isNaN(second)) return toEpochMs(value, this.format)
      this.#prefix = value.slice(0, 19)
      this.#secondMs = second
    }
    return this.#secondMs + d0 * 100 + d1 * 10 + d2
  }
}
