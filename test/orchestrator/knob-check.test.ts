// A bad scenario knob is a bad configuration (docs/exit-codes.md: exit 2, nothing started), found
// by running the real smoke bundle's init context before the run; other init errors stay the
// run's (exit 107, as in k6).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBundle } from '../../build/bundle.ts'
import type { EngineRunSpec } from '../../orchestrator/engines/engine.ts'
import { checkScenarioKnobs } from '../../orchestrator/engines/knob-check.ts'
import { ConfigError } from '../../orchestrator/errors.ts'
import { EXIT } from '../../orchestrator/exit-codes.ts'

let dir: string
let bundle: string

const spec = (scenario: string, script: string, env: Record<string, string>) =>
  ({ config: { scenario }, bundle: script, env, tags: {}, runDir: dir }) as unknown as EngineRunSpec

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  return undefined
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventload-knobs-'))
  bundle = (await ensureBundle('smoke', { outDir: dir })).file
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('scenario knob check before the run', () => {
  it('passes the default knobs', async () => {
    await expect(checkScenarioKnobs(spec('smoke', bundle, {}))).resolves.toBeUndefined()
  })

  it.each([
    [{ RATE: '5' }, /^scenario smoke: RATE: this scenario runs as fast as it can/],
    [{ EVENTS: 'abc' }, /^scenario smoke: EVENTS: expected a positive number .*got "abc"/],
    [{ MIX: 'nope:1' }, /^scenario smoke: MIX: unknown event type "nope"/],
  ])('%o is a ConfigError (exit 2) with the scenario\'s message', async (env, message) => {
    const err = await errorOf(checkScenarioKnobs(spec('smoke', bundle, env)))
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).code).toBe(EXIT.BAD_CONFIG)
    expect((err as ConfigError).issues[0]).toMatch(message)
  })

  it('leaves any other init error to the run', async () => {
    const broken = join(dir, 'broken.js')
    writeFileSync(broken, 'export const options = {}\nthrow new TypeError("not a knob")\nexport default function () {}\n')
    await expect(checkScenarioKnobs(spec('broken', broken, {}))).resolves.toBeUndefined()
  })
})
