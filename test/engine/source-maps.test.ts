// "A thrown error in init -> 107 with a stack pointing at the TypeScript source": the bundle's
// map (bundle -> .ts) is chained with the engine's own transform map.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ExitCode } from '../../engine/index.ts'
import { fixturePath } from './support/bundle.ts'
import { runFixture } from './support/run.ts'

describe('source maps', () => {
  for (const sourcemap of ['linked', 'inline'] as const) {
    it(`maps an init exception to the .ts lines (${sourcemap} map)`, async () => {
      const r = await runFixture('throw-in-init', { sourcemap })
      expect(r.result.exitCode).toBe(ExitCode.SCRIPT_EXCEPTION)
      const ts = `file://${fixturePath('throw-in-init')}`
      // The throw (line 9) and the call site in init (line 12).
      expect(r.result.error).toContain(`${ts}:9:9`)
      expect(r.result.error).toContain(`${ts}:12:16`)
      expect(r.result.error).toContain('boom in init')
      expect(r.result.error).not.toContain('.js:')
    })
  }

  it('maps exceptions thrown in iterations too', async () => {
    const r = await runFixture('errors', { env: { MODE: 'iter-throw' } })
    const log = r.logs.find((l) => l.includes('iteration exploded'))!
    const source = readFileSync(fixturePath('errors'), 'utf8').split('\n')
    const line = source.findIndex((l) => l.includes("throw new Error('iteration exploded')")) + 1
    const column = source[line - 1]!.indexOf('new Error') + 1
    expect(log).toContain(`file://${fixturePath('errors')}:${line}:${column}`)
  })
})
