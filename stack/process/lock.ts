// A lock file so two `stack up|down` (two helpers, a test and the CLI) never start or stop
// the same service at once. Stale locks (dead holder) are taken over.
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

function holderAlive(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim())
    if (!Number.isInteger(pid) || pid <= 0) return false
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Runs `fn` holding `path` exclusively; waits up to `timeoutMs` for another holder. */
export async function withLock<T>(path: string, timeoutMs: number, onWait: () => void, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true })
  const deadline = Date.now() + timeoutMs
  let warned = false
  for (;;) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      if (!holderAlive(path)) {
        rmSync(path, { force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`another stack command holds ${path}; gave up after ${timeoutMs / 1000}s`)
      if (!warned) onWait()
      warned = true
      await sleep(500)
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(path, { force: true })
  }
}
