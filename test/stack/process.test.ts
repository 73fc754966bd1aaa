// Process management with real child processes (no services): detached start, pid files,
// and stopping a whole service — including a child that left the process group (as
// postgres' backends do) and a parent that ignores SIGTERM.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { isAlive, readPidFile, startDaemon, tailFile } from '../../stack/process/daemon.ts'
import { withLock } from '../../stack/process/lock.ts'
import { freePort, isPortFree, portOwnedBy, waitPortsFree } from '../../stack/process/ports.ts'
import { procInfo, serviceProcesses, stopProcessTree } from '../../stack/process/tree.ts'
import { waitFor } from '../../stack/process/wait.ts'

const dir = () => mkdtempSync(join(tmpdir(), 'eventload-proc-'))

async function start(script: string) {
  const d = dir()
  const rec = await startDaemon({
    service: 'test',
    command: '/bin/sh',
    args: ['-c', script],
    logFile: join(d, 'test.log'),
    pidFile: join(d, 'test.pid'),
    ports: [],
  })
  return { d, rec }
}

describe('daemon + process tree', () => {
  it('starts detached, records a pid file, and stops gracefully on SIGTERM', async () => {
    const { d, rec } = await start('echo hello; exec sleep 300')
    expect(readPidFile(join(d, 'test.pid'))).toEqual(rec)
    expect(procInfo(rec.pid)?.pgrp).toBe(rec.pid) // its own process group
    await waitFor(() => Promise.resolve(tailFile(join(d, 'test.log'), 1) === 'hello'), { timeoutMs: 5000, what: 'log line' })
    // exec replaced sh with sleep: the pid-reuse guard must see "sleep", not "sh"
    expect(isAlive(rec)).toBe(false)
    expect(isAlive({ ...rec, command: 'sleep' })).toBe(true)
    expect(await stopProcessTree(rec.pid, { graceMs: 5000 })).toBe('stopped')
    // gone, or a zombie its parent (this test process) has not reaped yet
    expect([undefined, 'Z']).toContain(procInfo(rec.pid)?.state)
  })

  it('kills a TERM-ignoring parent and a child that left the group (setsid), leaving nothing', async () => {
    const { rec } = await start('trap "" TERM; setsid sleep 301 & sleep 302 & wait')
    const procs = await waitFor(() => {
      const p = serviceProcesses(rec.pid)
      return Promise.resolve(p.length >= 3 && p.some((x) => x.pgrp !== rec.pid) ? p : undefined)
    }, { timeoutMs: 5000, what: 'the child processes, one of them in its own session' })
    const escaped = procs.find((p) => p.pgrp !== rec.pid)
    expect(escaped, 'a child outside the group').toBeDefined()
    expect(await stopProcessTree(rec.pid, { signal: 'SIGTERM', graceMs: 500 })).toBe('killed')
    for (const p of procs) {
      const now = procInfo(p.pid)
      expect(now && now.starttime === p.starttime && now.state !== 'Z', `pid ${p.pid}`).toBeFalsy()
    }
  })

  it('reports not-running for a process that is already gone', async () => {
    const { rec } = await start('exit 0')
    await waitFor(() => Promise.resolve(!procInfo(rec.pid) || procInfo(rec.pid)?.state === 'Z'), { timeoutMs: 5000, what: 'exit' })
    expect(await stopProcessTree(rec.pid, { graceMs: 100 })).toBe('not-running')
  })

  it('tails only the last lines of a log', () => {
    const f = join(dir(), 'x.log')
    writeFileSync(f, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n')
    expect(tailFile(f, 2)).toBe('line 98\nline 99')
    expect(tailFile(join(dir(), 'missing.log'), 2)).toBe('')
  })
})

describe('ports', () => {
  it('sees a listening port as taken and waits until it is released', async () => {
    const port = await freePort()
    expect(await isPortFree(port)).toBe(true)
    const server = createServer().listen(port, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    expect(await isPortFree(port)).toBe(false)
    setTimeout(() => server.close(), 300)
    await waitPortsFree([port], 5000)
    expect(await isPortFree(port)).toBe(true)
  })

  it('tells whether a listening port belongs to the given processes', async () => {
    const port = await freePort()
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1'); setTimeout(() => {}, 60000)`], {
      stdio: 'ignore',
    })
    try {
      await waitFor(async () => !(await isPortFree(port)), { timeoutMs: 10_000, what: 'the child to listen' })
      expect(portOwnedBy([child.pid!], port)).toBe(true)
      expect(portOwnedBy([process.pid], port)).toBe(false)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('names the ports still taken when the wait times out', async () => {
    const port = await freePort()
    const server = createServer().listen(port, '127.0.0.1')
    await new Promise((r) => server.once('listening', r))
    try {
      await expect(waitPortsFree([port], 400)).rejects.toThrow(`port(s) ${port} still in use`)
    } finally {
      server.close()
    }
  })
})

describe('lock', () => {
  it('serialises two holders and takes over a stale lock', async () => {
    const path = join(dir(), 'stack.lock')
    const order: string[] = []
    const job = (name: string) =>
      withLock(path, 5000, () => order.push(`${name}:waited`), async () => {
        order.push(`${name}:in`)
        await sleep(200)
        order.push(`${name}:out`)
      })
    await Promise.all([job('a'), job('b')])
    expect(order.filter((x) => !x.endsWith('waited'))).toEqual(['a:in', 'a:out', 'b:in', 'b:out'])
    writeFileSync(path, '999999999') // a pid that cannot exist
    await withLock(path, 1000, () => order.push('stale:waited'), () => Promise.resolve(order.push('stale:in')))
    expect(order).not.toContain('stale:waited')
  })
})
