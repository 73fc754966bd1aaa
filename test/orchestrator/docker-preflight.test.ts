// The docker engine's preflight names the real problem: with no daemon answering, "build the
// image" cannot be the fix. A fake docker CLI stands in (no Docker engine on this machine).
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dockerEngine } from '../../orchestrator/engines/docker.ts'
import type { EngineRunSpec } from '../../orchestrator/engines/engine.ts'
import { tempDir, testConfig } from './helpers.ts'

const PATH = process.env.PATH

afterEach(() => {
  process.env.PATH = PATH
})

function fakeDocker(dir: string, stderr: string): void {
  const bin = join(dir, 'docker')
  writeFileSync(bin, `#!/bin/sh\necho '${stderr}' >&2\nexit 1\n`)
  chmodSync(bin, 0o755)
  process.env.PATH = `${dir}:${PATH ?? ''}`
}

const spec = (dir: string) =>
  ({ config: testConfig({ scenario: 'stress', engine: 'docker', image: 'eventload-k6:test' }), bundle: join(dir, 'stress.js'), env: {}, tags: {}, runDir: dir }) satisfies EngineRunSpec

describe('docker engine preflight', () => {
  it('no daemon: names the daemon as the thing to fix', async () => {
    using t = tempDir()
    fakeDocker(t.dir, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')
    const [p] = await dockerEngine.preflight(spec(t.dir))
    expect(p).toMatchObject({ what: 'docker' })
    expect(p!.problem).toContain('no Docker daemon answers')
    expect(p!.fix).toMatch(/start the Docker daemon.*or use --engine node/)
  })

  it('daemon up, image missing: the build command', async () => {
    using t = tempDir()
    fakeDocker(t.dir, 'Error: No such image: eventload-k6:test')
    const [p] = await dockerEngine.preflight(spec(t.dir))
    expect(p).toMatchObject({ what: 'image eventload-k6:test' })
    expect(p!.fix).toContain('docker build -f k6.Dockerfile -t eventload-k6:test')
  })
})
