// The tail's timestamp parser (one Date.parse per second, digits per record) gives what
// Date.parse gives for JSON.stringify(Date) strings, and hands every other form to the general
// parser unchanged.
import { describe, expect, it } from 'vitest'
import { TimestampParser } from '../../orchestrator/tail/iso-time.ts'
import { toEpochMs } from '../../orchestrator/verify/normalize.ts'

describe('TimestampParser', () => {
  it('equals Date.parse over a stream of ISO timestamps crossing seconds, days and years', () => {
    const parser = new TimestampParser('iso')
    const auto = new TimestampParser('auto')
    let t = Date.parse('2025-12-31T23:59:58.990Z')
    for (let i = 0; i < 5_000; i++) {
      t += (i * 7919) % 13 // steps of 0-12 ms, irregular
      const s = new Date(t).toISOString()
      expect(parser.parse(s)).toBe(Date.parse(s))
      expect(auto.parse(s)).toBe(Date.parse(s))
    }
    // going back to an earlier second re-reads the second
    expect(parser.parse('2025-12-31T23:59:59.001Z')).toBe(Date.parse('2025-12-31T23:59:59.001Z'))
  })

  it('leaves other forms to the general parser (microseconds, offsets, numbers, junk)', () => {
    const parser = new TimestampParser('auto')
    for (const v of ['2026-01-05 10:11:12.351234+00', '2026-01-05T10:11:12.351+02:00', '2026-01-05T10:11:12Z', '1767607872351', 1_767_607_872_351, '2026-13-05T10:11:12.351Z', '2026-01-05T10:11:12.3a1Z', null, undefined]) {
      const expected = toEpochMs(v, 'auto')
      expect(Object.is(parser.parse(v), expected), String(v)).toBe(true)
    }
    expect(new TimestampParser('epoch-us').parse('1767607872351000')).toBe(1_767_607_872_351)
  })
})
