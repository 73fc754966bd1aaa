// The exit-code table users read (docs/exit-codes.md) and the code agree; the precedence rule
// is the documented one.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT, exitMeaning, finalExitCode } from '../../orchestrator/exit-codes.ts'

const DOC = readFileSync(join(import.meta.dirname, '../../docs/exit-codes.md'), 'utf8')

describe('exit codes', () => {
  it('docs/exit-codes.md lists every code with its name', () => {
    for (const [name, code] of Object.entries(EXIT)) {
      expect(DOC, `${name}=${code}`).toMatch(new RegExp(`\\|\\s*${code}\\s*\\|\\s*\`${name}\``))
    }
  })

  it('keeps k6 codes as k6 documents them (k6-semantics.md §4.3)', () => {
    expect(EXIT.THRESHOLDS_FAILED).toBe(99)
    expect(EXIT.INVALID_OPTIONS).toBe(104)
    expect(EXIT.INTERRUPTED).toBe(105)
    expect(EXIT.SCRIPT_EXCEPTION).toBe(107)
    expect(EXIT.SCRIPT_ABORTED).toBe(108)
    expect(exitMeaning(99)).toBe('thresholds failed')
  })

  it('applies the documented precedence', () => {
    expect(finalExitCode({ engine: 0, drained: true, verified: true })).toBe(0)
    expect(finalExitCode({ engine: 99, drained: true, verified: true })).toBe(99)
    expect(finalExitCode({ engine: 99, drained: true, verified: false })).toBe(EXIT.VERIFICATION_FAILED)
    expect(finalExitCode({ engine: 0, drained: false, verified: false })).toBe(EXIT.NOT_DRAINED)
    expect(finalExitCode({ engine: 0, interrupted: true, drained: false })).toBe(105)
    expect(finalExitCode({ engine: 107, interrupted: true, verified: false })).toBe(107)
    expect(finalExitCode({ engine: 0 })).toBe(0)
  })
})
