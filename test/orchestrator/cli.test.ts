// The command as users type it (a real process, as `npm run scenario` runs it): the list, the
// help, and bad input, which must fail before anything starts with exit 2 and a message naming
// each problem's flag.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { scenarioNames } from '../../build/entries.ts'
import { scenarioCommand } from '../../orchestrator/scenario/flags.ts'

const ROOT = join(import.meta.dirname, '../..')

function scenario(...args: string[]) {
  return execa(process.execPath, ['--import', 'tsx', 'orchestrator/cli.ts', 'scenario', ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, timeout: 60_000 })
}

describe('eventload scenario (CLI)', () => {
  it('without a name lists every scenario with a one-line description', async () => {
    const r = await scenario()
    expect(r.exitCode).toBe(0)
    for (const name of scenarioNames()) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S.+$`, 'm'))
  })

  it('--help documents every flag', async () => {
    const r = await scenario('--help')
    expect(r.exitCode).toBe(0)
    for (const o of scenarioCommand().options) expect(r.stdout, o.flags).toContain(o.long ?? o.short!)
    for (const f of ['--rate', '--duration', '--vus', '--env', '--tag', '--out', '--engine', '--workers', '--profile', '--no-verify', '--drain-timeout', '--report-dir']) {
      expect(r.stdout).toContain(f)
    }
  })

  it('--profile help names both formats the profile loader reads (README: JSON or YAML)', () => {
    expect(scenarioCommand().options.find((o) => o.long === '--profile')?.description).toMatch(/\(JSON or YAML\)/)
  })

  it('an unknown scenario fails with exit 2 and lists the valid ones', async () => {
    const r = await scenario('strees')
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('<scenario>: unknown scenario "strees"; valid scenarios: ')
    for (const name of scenarioNames()) expect(r.stderr).toContain(name)
  })

  it('bad flags fail with exit 2, all at once, each message naming its flag', async () => {
    const r = await scenario('smoke', '--rate', 'fast', '--workers', '0', '--drain-timeout', 'later', '-e', 'NOEQUALS', '--frobnicate')
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('--frobnicate: unknown flag (see --help)')
    expect(r.stderr).toContain('--rate: expected a number (got "fast")')
    expect(r.stderr).toMatch(/--workers: expected a whole number >= 1 \(got "0"\)/)
    expect(r.stderr).toMatch(/--drain-timeout: expected a duration such as 30s, 90s or 1m30s, got "later"/)
    expect(r.stderr).toMatch(/-e\[0\]: expected -e as KEY=VALUE/)
    // Nothing ran: no stack, no reports.
    expect(r.stderr).not.toContain('preflight')
  })

  it('a connection setting found bad at preflight: exit 2, no live line, no empty reports/<run_id>/ left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eventload-cli-'))
    try {
      writeFileSync(join(dir, 'conn.json'), JSON.stringify({ postgres: { url: 'mysql://db:3306/app' } }))
      const reports = join(dir, 'reports')
      const r = await execa(process.execPath, ['--import', 'tsx', 'orchestrator/cli.ts', 'scenario', 'smoke', '--report-dir', reports], {
        cwd: ROOT,
        reject: false,
        env: { NO_COLOR: '1', EVENTLOAD_CONFIG: join(dir, 'conn.json') },
        timeout: 60_000,
      })
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toContain('postgres.url: expected a URL like postgres://')
      expect(r.stderr).not.toMatch(/written 0/)
      expect(existsSync(reports) ? readdirSync(reports) : []).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a bad env var is named as the env var', async () => {
    const r = await execa(process.execPath, ['--import', 'tsx', 'orchestrator/cli.ts', 'scenario', 'smoke'], { cwd: ROOT, reject: false, env: { EVENTLOAD_WORKERS: 'lots' }, timeout: 60_000 })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('EVENTLOAD_WORKERS: expected a whole number (got "lots")')
  })
})
