// `eventload run` as a process: k6 flags, the header, exit codes, and signals (first
// SIGINT/SIGTERM graceful with teardown and summary, second immediate; both exit 105).
import { execa } from 'execa'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleFixture } from './support/bundle.ts'

const BIN = resolve(import.meta.dirname, '../../bin/eventload.js')
const run = (args: string[], opts: { env?: Record<string, string> } = {}) =>
  execa('node', [BIN, 'run', ...args], { reject: false, env: { ...opts.env, NO_COLOR: '1' }, extendEnv: true })

function waitFor(stream: NodeJS.ReadableStream, text: string): Promise<void> {
  // Each waiter keeps its own buffer, so two waiters on one stream both see every chunk.
  return new Promise((done) => {
    let buf = ''
    stream.on('data', (d: Buffer) => {
      buf += d.toString()
      if (buf.includes(text)) done()
    })
  })
}

describe('eventload run (CLI)', () => {
  it('prints the k6 header and summary and exits 99 when a threshold fails', async () => {
    const script = bundleFixture('configurable')
    const r = await run([script, '--vus', '2', '--iterations', '4', '-e', 'SLEEP_MS=20', '-e', `OPTIONS=${JSON.stringify({ thresholds: { iteration_duration: ['p(95)<10'] } })}`, '--tag', 'testid=cli'])
    expect(r.exitCode).toBe(99)
    expect(r.stdout).toContain(`script: ${script}`)
    expect(r.stdout).toContain('scenarios: (100.00%) 1 scenario, 2 max VUs, 10m30s max duration (incl. graceful stop):')
    expect(r.stdout).toContain('* default: 4 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)')
    expect(r.stdout).toContain("✗ 'p(95)<10'")
    expect(r.stderr).toMatch(/thresholds on metrics 'iteration_duration' have been crossed/)
  }, 30_000)

  it('shows the segment share in the header', async () => {
    const r = await run([bundleFixture('configurable'), '--vus', '4', '--duration', '1s', '--execution-segment', '0:1/4', '--execution-segment-sequence', '0,1/4,1/2,3/4,1'])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('scenarios: (25.00%) 1 scenario, 1 max VUs')
  }, 30_000)

  it('rejects an unknown flag', async () => {
    const r = await run([bundleFixture('configurable'), '--no-such-flag'])
    expect(r.exitCode).toBe(255)
    expect(r.stderr).toContain("unknown option '--no-such-flag'")
  }, 30_000)

  it('first SIGINT: graceful stop, teardown and summary run, exit 105', async () => {
    const p = run([bundleFixture('slow-teardown')])
    // The header is printed once the engine runs (its signal handlers are in place by then).
    await waitFor(p.stdout, 'scenarios:')
    await new Promise((r) => setTimeout(r, 500))
    p.kill('SIGINT')
    const r = await p
    expect(r.exitCode).toBe(105)
    expect(r.stderr).toContain('teardown finished')
    expect(r.stdout).toContain('█ TOTAL RESULTS')
  }, 30_000)

  it('second SIGTERM: exits at once with 105 (teardown cut short)', async () => {
    const p = run([bundleFixture('slow-teardown')])
    const teardown = waitFor(p.stderr, 'teardown started')
    await waitFor(p.stdout, 'scenarios:')
    await new Promise((r) => setTimeout(r, 500))
    p.kill('SIGTERM')
    await teardown
    p.kill('SIGTERM')
    const r = await p
    expect(r.exitCode).toBe(105)
    expect(r.stderr).not.toContain('teardown finished')
  }, 30_000)
})
