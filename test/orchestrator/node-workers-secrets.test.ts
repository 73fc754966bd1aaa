// Secrets never reach a command line (common rule: passwords in URLs are never shown): a worker's
// argv is readable by any local user (`ps`), so credential-bearing -e values travel in its
// environment, which the engine reads into __ENV (k6 run's --include-system-env-vars default).
import { describe, expect, it } from 'vitest'
import type { EngineRunSpec } from '../../orchestrator/engines/engine.ts'
import { secretEnv, workerArgs } from '../../orchestrator/engines/node-workers.ts'

const spec = {
  config: { out: [] },
  bundle: '/x/dist/k6/stress.js',
  env: { PG_URL: 'postgres://app:S3cretPw@db:5432/app?sslmode=disable', RATE: '40', RUN_ID: 'run-1' },
  tags: { testid: 'run-1' },
  runDir: '/tmp/r',
} as unknown as EngineRunSpec

describe('node workers: credentials', () => {
  it('keeps credential-bearing values off the worker command line, and the rest on it', () => {
    const args = workerArgs(spec, 1, 2)
    expect(args.join(' ')).not.toContain('S3cretPw')
    expect(args.join(' ')).not.toContain('PG_URL')
    expect(args).toEqual(expect.arrayContaining(['-e', 'RATE=40', '-e', 'RUN_ID=run-1']))
  })

  it('hands them over as environment instead', () => {
    expect(secretEnv(spec.env)).toEqual({ PG_URL: spec.env.PG_URL })
  })
})
