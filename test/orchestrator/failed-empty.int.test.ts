// A run whose engine fails before writing any event (here setup() cannot use the table) exits
// with the engine's code and skips the drain and the verification, which have nothing to check,
// instead of reporting "failed: completeness" for 0 events. Real stack, real process.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../orchestrator/exit-codes.ts'
import { tempDir } from './helpers.ts'

const ROOT = join(import.meta.dirname, '../..')

describe('npm run scenario: an engine that fails before writing', () => {
  it('exits with its code; drain and verify skipped; the report says why', async () => {
    using t = tempDir()
    const runId = `run-20260105T100000-${Math.random().toString(16).slice(2, 8)}`
    const r = await execa(
      process.execPath,
      ['--import', 'tsx', 'orchestrator/cli.ts', 'scenario', 'smoke', '-e', 'EVENTS_TABLE=eventload_no_such_table', '--run-id', runId, '--report-dir', t.dir, '--dashboard', 'plain'],
      { cwd: ROOT, reject: false, env: { ...process.env, NO_COLOR: '1' }, timeout: 180_000 },
    )
    expect(r.exitCode).toBe(EXIT.SCRIPT_EXCEPTION)
    expect(r.stderr).toContain('relation "eventload_no_such_table" does not exist')
    expect(r.stderr).toMatch(/- drain\s+skipped\s+the engine failed before writing any event/)
    expect(r.stderr).toMatch(/- verify\s+skipped\s+the engine failed before writing any event/)
    expect(r.stderr).not.toContain('completeness')
    const dir = join(t.dir, runId)
    expect(existsSync(join(dir, 'verification.json'))).toBe(false)
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { eventload: { exit_code: number } }
    expect(summary.eventload.exit_code).toBe(EXIT.SCRIPT_EXCEPTION)
  }, 200_000)
})
