// The config file's top-level keys: a misspelt section is a bad config (exit 2), not a silent
// fall-back to the local stack or the defaults (README "Configuration"; docs/exit-codes.md).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRunConfig } from '../../orchestrator/config/load.ts'
import { ConfigError } from '../../orchestrator/errors.ts'
import { EXIT } from '../../orchestrator/exit-codes.ts'
import { flags } from './helpers.ts'

function withConfig<T>(content: unknown, fn: (cwd: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'eventload-sections-'))
  try {
    writeFileSync(join(dir, 'eventload.config.json'), JSON.stringify(content))
    return fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const load = (cwd: string) => loadRunConfig({ flags: flags({ scenario: 'smoke' }), env: {}, cwd, scenarios: ['smoke'] })

describe('config file sections', () => {
  it('rejects an unknown top-level key, naming the file, the key and the known sections', () => {
    const err = withConfig({ postgress: { url: 'postgres://u:p@db:5432/app' }, Run: { workers: 2 } }, (cwd) => {
      try {
        load(cwd)
      } catch (e) {
        return e
      }
      return undefined
    })
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).code).toBe(EXIT.BAD_CONFIG)
    expect((err as ConfigError).issues).toEqual([
      expect.stringMatching(/eventload\.config\.json: postgress: unknown section; expected postgres, kafka, mongo, prometheus, run$/),
      expect.stringMatching(/eventload\.config\.json: Run: unknown section; expected postgres, kafka, mongo, prometheus, run$/),
    ])
  })

  it('accepts the documented sections and an editor "$schema" key', () => {
    const c = withConfig({ $schema: './schema.json', postgres: { url: 'postgres://u:p@db:5432/app' }, prometheus: { url: 'http://p:9090' }, run: { workers: 2 } }, load)
    expect(c.workers).toBe(2)
  })
})
