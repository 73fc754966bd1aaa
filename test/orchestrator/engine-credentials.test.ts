// Secrets never reach a command line (common rule: passwords in URLs are never shown): a local
// engine process's argv is readable by any local user (`ps`), so credential-bearing -e values
// travel in its environment, which the engine reads into __ENV (k6 run's
// --include-system-env-vars default; the node engine does the same).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dockerArgs } from '../../orchestrator/engines/docker.ts'
import type { EngineRunSpec } from '../../orchestrator/engines/engine.ts'
import { k6Engine } from '../../orchestrator/engines/k6.ts'
import { workerArgs } from '../../orchestrator/engines/node-workers.ts'
import { secretEnv } from '../../orchestrator/engines/secret-env.ts'
import { tempDir, testConfig } from './helpers.ts'

const PG_URL = 'postgres://app:S3cretPw@db:5432/app?sslmode=disable'

function spec(dir: string, extra: Record<string, unknown> = {}): EngineRunSpec {
  const config = testConfig({ scenario: 'stress', runId: 'run-20260105T100000-abcdef', ...extra })
  return { config, bundle: join(dir, 'stress.js'), env: { PG_URL, RATE: '40', RUN_ID: config.runId }, tags: { testid: config.runId }, runDir: dir }
}

describe('engines keep credentials off the command line', () => {
  it('secretEnv picks the credential-bearing values', () => {
    using t = tempDir()
    expect(secretEnv(spec(t.dir).env)).toEqual({ PG_URL })
  })

  it('node workers: not in argv, the rest as -e', () => {
    using t = tempDir()
    const args = workerArgs(spec(t.dir), 1, 2)
    expect(args.join(' ')).not.toContain('S3cretPw')
    expect(args.join(' ')).not.toContain('PG_URL')
    expect(args).toEqual(expect.arrayContaining(['-e', 'RATE=40']))
  })

  it('docker: the container gets it by name (--env KEY, value from the docker process environment)', () => {
    using t = tempDir()
    const args = dockerArgs(spec(t.dir, { engine: 'docker', image: 'eventload-k6:test' }), { uid: 1000, gid: 1000 })
    expect(args.join(' ')).not.toContain('S3cretPw')
    const image = args.indexOf('eventload-k6:test')
    expect(args.slice(0, image)).toEqual(expect.arrayContaining(['--env', 'PG_URL']))
    expect(args.slice(image + 1)).toEqual(expect.arrayContaining(['-e', 'RATE=40']))
  })

  it('k6 binary: in its environment, not its argv (a fake k6 that records both: no k6 binary here)', async () => {
    using t = tempDir()
    const fake = join(t.dir, 'k6')
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$*" > "${t.dir}/argv"\nprintf '%s' "$PG_URL" > "${t.dir}/pg_url"\n`)
    chmodSync(fake, 0o755)
    await k6Engine.start(spec(t.dir, { engine: 'k6', k6Binary: fake }), { samples: () => {}, log: () => {} }).done
    expect(readFileSync(join(t.dir, 'argv'), 'utf8')).not.toContain('S3cretPw')
    expect(readFileSync(join(t.dir, 'argv'), 'utf8')).toContain('-e RATE=40')
    expect(readFileSync(join(t.dir, 'pg_url'), 'utf8')).toBe(PG_URL)
  })
})
