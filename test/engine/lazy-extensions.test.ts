// The extension modules (k6/x/sql, k6/x/kafka) are loaded only for a bundle that imports them,
// so a run without them does not pay for pg and the Kafka client.
import { execa } from 'execa'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { Program } from '../../engine/loader/program.ts'
import { loadModules, resolveModule, supportedModules } from '../../engine/modules/registry.ts'
import { bundleScript, type Bundled } from './sql-kafka-bundle.ts'

const BIN = resolve(import.meta.dirname, '../../bin/eventload.js')
const PROBE = pathToFileURL(resolve(import.meta.dirname, 'support/report-pg-loaded.mjs')).href

const plainSource = `import { check } from 'k6'
export const options = { iterations: 1, vus: 1 }
export default function () { check(1, { one: (v) => v === 1 }) }
`
// Uses the imports (never connects) so esbuild keeps them.
const extensionSource = `import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
import { Writer } from 'k6/x/kafka'
export const options = { iterations: 1, vus: 1 }
export default function () {
  if (typeof sql.open !== 'function' || driver === undefined || typeof Writer !== 'function') throw new Error('extension exports missing')
}
`

const bundles: Bundled[] = []
afterAll(() => bundles.forEach((b) => b.dispose()))
async function bundle(name: string, source: string): Promise<string> {
  const b = await bundleScript(name, source)
  bundles.push(b)
  return b.file
}

async function runWithProbe(file: string) {
  return execa('node', [BIN, 'run', '-q', '--summary-mode', 'disabled', file], {
    reject: false,
    env: { NODE_OPTIONS: `--import=${PROBE}`, NO_COLOR: '1' },
  })
}

describe('lazy extension modules', () => {
  it('lists the modules a bundle imports', async () => {
    const program = Program.load(await bundle('ext', extensionSource))
    expect([...program.imports].sort()).toEqual(['k6/x/kafka', 'k6/x/sql', 'k6/x/sql/driver/postgres'])
  })

  it('names the extensions as supported before loading them, and resolves them after', async () => {
    expect(supportedModules()).toEqual(expect.arrayContaining(['k6/x/sql', 'k6/x/sql/driver/postgres', 'k6/x/kafka']))
    expect(() => resolveModule('k6/x/kafka')).toThrow(/not loaded.*loadModules/)
    await loadModules(['k6', 'k6/x/kafka'])
    expect(typeof resolveModule('k6/x/kafka')).toBe('function')
  })

  it('a run without extension imports does not load pg; a run with them does and works', async () => {
    const plain = await runWithProbe(await bundle('plain', plainSource))
    expect(plain.exitCode).toBe(0)
    expect(plain.stderr).toContain('pg loaded: false')
    const ext = await runWithProbe(await bundle('ext-run', extensionSource))
    expect(ext.stderr).toContain('pg loaded: true')
    expect(ext.exitCode).toBe(0)
  }, 60_000)
})
