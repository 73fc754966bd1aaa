// `npm run tail -- --run <id>` on a run that already has its tail (reports/<id>/tail.json, what
// the run's own tail recorded during the load and its verification reads) must not replace it:
// exit 2 naming --out, before connecting to anything. A real process in a scratch directory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../orchestrator/helpers.ts'

const CLI = join(import.meta.dirname, '../../orchestrator/cli.ts')
const TSX = import.meta.resolve('tsx')

describe('tail CLI and an existing run tail', () => {
  it('refuses to overwrite reports/<id>/tail.json and keeps it intact', async () => {
    using t = tempDir()
    const runId = 'run-20260105T100000-abcdef'
    const dir = join(t.dir, 'reports', runId)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'tail.json'), '{"recorded":"during the load"}')
    // A Kafka nobody listens on: the refusal must come before any connection attempt.
    const r = await execa(process.execPath, ['--import', TSX, CLI, 'tail', '--run', runId, '--duration', '1s'], {
      cwd: t.dir,
      reject: false,
      env: { ...process.env, EVENTLOAD_KAFKA_BROKERS: '127.0.0.1:1' },
      timeout: 60_000,
    })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(`reports/${runId} already holds this run's tail`)
    expect(r.stderr).toContain('--out <dir>')
    expect(readFileSync(join(dir, 'tail.json'), 'utf8')).toBe('{"recorded":"during the load"}')
  })
})
