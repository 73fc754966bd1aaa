import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildScenarios } from '../../build/bundle.ts'
import { scenarioNames } from '../../build/entries.ts'
import { EXTENSIONS, K6_BUILTINS } from '../../build/extensions.ts'
import { analyzeBundle } from './bundle-analysis.ts'

// The k6 path cannot run here (no k6 binary), so it is held honest by what a bundle contains: only
// modules k6 itself or the named extensions provide, no Node built-ins, the exports k6 looks for.
const outDir = mkdtempSync(join(tmpdir(), 'eventload-bundles-'))
const NAMES = ['smoke', 'warmup', 'moderate', 'stress', 'extreme', 'spike', 'soak', 'breakpoint', 'kafka-direct']

beforeAll(async () => {
  await buildScenarios({ outDir, force: true })
})
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('scenario bundles', () => {
  it('exist for every scenario of the issue, with a source map each', () => {
    expect(scenarioNames()).toEqual(expect.arrayContaining(NAMES))
    for (const name of scenarioNames()) {
      expect(existsSync(join(outDir, `${name}.js`)), name).toBe(true)
      expect(existsSync(join(outDir, `${name}.js.map`)), name).toBe(true)
      expect(readFileSync(join(outDir, `${name}.js`), 'utf8')).toContain(`//# sourceMappingURL=${name}.js.map`)
    }
  })

  it.each(NAMES)('%s imports only k6 built-ins and the named extensions, statically', async (name) => {
    const shape = await analyzeBundle(join(outDir, `${name}.js`))
    const allowed = new Set([...K6_BUILTINS, ...Object.keys(EXTENSIONS)])
    for (const { path, kind } of shape.imports) {
      expect(allowed.has(path), `${name} imports ${path}`).toBe(true)
      expect(kind, `${name}: ${path}`).toBe('import-statement')
    }
    const nodeModules = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
    expect(shape.imports.filter((i) => nodeModules.has(i.path))).toEqual([])
  })

  it.each(NAMES)('%s uses no Node globals and exports what k6 runs', async (name) => {
    const shape = await analyzeBundle(join(outDir, `${name}.js`))
    expect(shape.text).not.toMatch(/\bprocess\.\w|\bBuffer\.|\brequire\(|__dirname|__filename|import\.meta/)
    expect(shape.exports).toEqual(expect.arrayContaining(['default', 'options', 'setup']))
  })

  it('writes Postgres scenarios without the Kafka extension and kafka-direct without the SQL one', async () => {
    const smoke = (await analyzeBundle(join(outDir, 'smoke.js'))).imports.map((i) => i.path)
    expect(smoke).toEqual(expect.arrayContaining(['k6/x/sql', 'k6/x/sql/driver/postgres']))
    expect(smoke).not.toContain('k6/x/kafka')
    const direct = (await analyzeBundle(join(outDir, 'kafka-direct.js'))).imports.map((i) => i.path)
    expect(direct).toContain('k6/x/kafka')
    expect(direct.some((p) => p.startsWith('k6/x/sql'))).toBe(false)
  })

  it('stays far below the 300 KB per-bundle budget (k6 parses it for every VU)', () => {
    for (const name of scenarioNames()) expect(statSync(join(outDir, `${name}.js`)).size, name).toBeLessThan(300 * 1024)
  })

  it('carries the local stack defaults from stack/topology.ts', () => {
    const text = readFileSync(join(outDir, 'smoke.js'), 'utf8')
    expect(text).toMatch(/pgUrl: "postgres:\/\/eventload:[^@]+@127\.0\.0\.1:5432\/eventload\?sslmode=disable"/)
    expect(readFileSync(join(outDir, 'kafka-direct.js'), 'utf8')).toContain('kafkaBrokers: "127.0.0.1:9092"')
  })
})

describe('incremental build', () => {
  it('rebuilds nothing when nothing changed and reports why it rebuilds otherwise', async () => {
    const again = await buildScenarios({ outDir })
    expect(again.every((r) => r.status === 'fresh')).toBe(true)
    rmSync(join(outDir, 'smoke.js'))
    const [smoke] = await buildScenarios({ outDir, names: ['smoke'] })
    expect(smoke).toMatchObject({ name: 'smoke', status: 'built', reason: 'output missing' })
  })

  it('names the valid scenarios when asked for an unknown one', async () => {
    await expect(buildScenarios({ outDir, names: ['smok'] })).rejects.toThrow(/unknown scenario "smok"; scenarios: .*smoke/)
  })
})
