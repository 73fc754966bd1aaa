// The processor as separate relay and consumer processes (`processor/cli.ts relay|consumer`),
// each stopped with SIGTERM mid-stream and started again: each must exit 0 after finishing
// its in-flight work, and every event must still arrive exactly once. Also reads /healthz
// and /metrics over HTTP, as the stack and Prometheus do.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../stack/options.ts'
import { compareWithPostgres, loadSource } from './support/compare.ts'
import { createPrivatePipeline, waitFor, type PrivatePipeline } from './support/pipeline.ts'
import { writeConcurrently } from './support/workload.ts'

interface Child {
  readonly process: ChildProcess
  readonly port: Promise<number>
  readonly exited: Promise<number | null>
  readonly output: string[]
}

describe('relay and consumer as separate processes', () => {
  let pipeline: PrivatePipeline
  const children: Child[] = []
  const runId = `processes-${Date.now()}`

  function startChild(mode: 'relay' | 'consumer'): Child {
    const name = pipeline.name
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'processor', 'cli.ts'), mode, '--table', name, '--slot', name, '--publication', name, '--topic', name, '--group', name, '--metrics-port', '0', '--client-id', `${name}-${mode}`],
      { cwd: REPO_ROOT, env: { ...process.env, EVENTLOAD_MONGO_DB: name }, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    const output: string[] = []
    const port = new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString()
        output.push(text)
        process.stderr.write(`[${mode}] ${text}`)
        const m = /metrics :(\d+)/.exec(text)
        if (m) resolve(Number(m[1]))
      })
      child.once('exit', (code) => reject(new Error(`${mode} exited (${code}) before listening: ${output.join('')}`)))
    })
    port.catch(() => undefined)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const c = { process: child, port, exited, output }
    children.push(c)
    return c
  }

  async function healthy(child: Child): Promise<boolean> {
    const port = await child.port
    return waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status === 200, 60_000)
  }

  async function stop(child: Child): Promise<number | null> {
    child.process.kill('SIGTERM')
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))
    return Promise.race([child.exited, timeout]) as Promise<number | null>
  }

  beforeAll(async () => {
    pipeline = await createPrivatePipeline('procs')
  })
  afterAll(async () => {
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL')
    await pipeline?.cleanup()
  })

  it('each part stops gracefully (exit 0) and nothing is lost or doubled across restarts', async () => {
    let relay = startChild('relay')
    let consumer = startChild('consumer')
    expect(await healthy(relay)).toBe(true)
    expect(await healthy(consumer)).toBe(true)

    const total = 4 * 600
    const writing = writeConcurrently(pipeline.pool, pipeline.table, runId, { writers: 4, perWriter: 600, ratePerSecond: 200 })
    await new Promise((r) => setTimeout(r, 3_000))
    expect(await stop(consumer)).toBe(0)
    consumer = startChild('consumer')
    await new Promise((r) => setTimeout(r, 3_000))
    expect(await stop(relay)).toBe(0)
    relay = startChild('relay')
    expect(await healthy(relay)).toBe(true)
    expect(await healthy(consumer)).toBe(true)
    expect((await writing).events).toBe(total)

    const events = pipeline.mongo.db(pipeline.database).collection('events')
    expect(await waitFor(async () => (await events.countDocuments({ run_id: runId })) >= total, 120_000, 2_000)).toBe(true)
    const report = compareWithPostgres(await loadSource(pipeline.pool, pipeline.table, runId), await events.find({ run_id: runId }).toArray())
    expect(report.missing).toEqual([])
    expect(report.duplicated).toEqual([])
    expect(report.mismatched).toEqual([])

    // /metrics speaks Prometheus text and counts what the relay sent since its restart.
    const metrics = await (await fetch(`http://127.0.0.1:${await relay.port}/metrics`)).text()
    expect(metrics).toMatch(/^# TYPE eventload_processor_relayed_total counter$/m)
    expect(metrics).toMatch(/^eventload_processor_slot_lag_bytes \d+/m)

    expect(await stop(relay)).toBe(0)
    expect(await stop(consumer)).toBe(0)
  })
})
