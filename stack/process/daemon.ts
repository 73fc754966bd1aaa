// Long-lived service processes that outlive `stack up`: started detached in their own process
// group (so postgres' backends or anything a service forks can be signalled together), output
// appended to a log file, identity kept in a JSON pid file.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { procInfo } from './tree.ts'

export interface PidRecord {
  pid: number
  service: string
  /** Executable path; its basename must appear in /proc/<pid>/cmdline (guards against pid reuse). */
  command: string
  startedAt: string
  ports: number[]
}

export interface DaemonSpec {
  service: string
  command: string
  args: string[]
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Run as this user (postgres refuses to run as root). */
  uid?: number
  gid?: number
  logFile: string
  pidFile: string
  ports: number[]
}

export async function startDaemon(spec: DaemonSpec): Promise<PidRecord> {
  mkdirSync(dirname(spec.logFile), { recursive: true })
  mkdirSync(dirname(spec.pidFile), { recursive: true })
  const logFd = openSync(spec.logFile, 'a')
  try {
    writeFileSync(logFd, `\n--- ${new Date().toISOString()} starting ${spec.service}\n`)
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      ...(spec.uid !== undefined ? { uid: spec.uid, gid: spec.gid } : {}),
    })
    // 'error' (e.g. ENOENT) is emitted instead of 'spawn'; events.once rejects on it.
    await once(child, 'spawn')
    child.unref()
    const record: PidRecord = {
      pid: child.pid!,
      service: spec.service,
      command: spec.command,
      startedAt: new Date().toISOString(),
      ports: spec.ports,
    }
    writeFileSync(spec.pidFile, JSON.stringify(record, null, 2) + '\n')
    return record
  } finally {
    closeSync(logFd)
  }
}

export function readPidFile(pidFile: string): PidRecord | undefined {
  try {
    const rec = JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord
    return Number.isInteger(rec.pid) && rec.pid > 0 ? rec : undefined
  } catch {
    return undefined
  }
}

export function removePidFile(pidFile: string): void {
  rmSync(pidFile, { force: true })
}

/** True when the recorded process is alive and still the program we started. */
export function isAlive(rec: PidRecord): boolean {
  const info = procInfo(rec.pid)
  if (!info || info.state === 'Z' || info.state === 'X') return false
  try {
    return readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').includes(basename(rec.command))
  } catch {
    return true // no /proc (macOS): pid liveness is all we can check
  }
}

/** The last `lines` lines of a log file, for error messages when a service dies at start. */
export function tailFile(path: string, lines: number, maxBytes = 256 * 1024): string {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const size = fstatSync(fd).size
    const start = Math.max(0, size - maxBytes)
    const buf = Buffer.alloc(size - start)
    readSync(fd, buf, 0, buf.length, start)
    const text = buf.toString('utf8')
    return text.trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
