// Long-lived service processes that outlive `stack up`: started detached in their own process
// group (so postgres' backends or anything a service forks can be signalled together), output
// appended to a log file, identity kept in a JSON pid file.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

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

interface ProcStat {
  pid: number
  state: string
  pgrp: number
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm may contain spaces and parens; the fields we need follow the LAST ')'
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ')
    return { pid, state: rest[0]!, pgrp: Number(rest[2]) }
  } catch {
    return undefined
  }
}

const hasProc = (() => {
  try {
    readdirSync('/proc/self')
    return true
  } catch {
    return false
  }
})()

function signalAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Live (non-zombie) members of a process group. Zombies count as gone: an init that does not reap must not make `down` hang. */
export function groupMembers(pgid: number): number[] {
  if (!hasProc) return signalAlive(-pgid) ? [pgid] : []
  const members: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const st = procStat(Number(entry))
    if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X') members.push(st.pid)
  }
  return members
}

/** True when the recorded process is alive and still the program we started. */
export function isAlive(rec: PidRecord): boolean {
  if (!hasProc) return signalAlive(rec.pid)
  const st = procStat(rec.pid)
  if (!st || st.state === 'Z' || st.state === 'X') return false
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8')
    return cmdline.includes(basename(rec.command))
  } catch {
    return false
  }
}

export interface StopOptions {
  /** First signal: SIGTERM for most; postgres wants SIGINT (fast shutdown) rather than "smart". */
  signal?: NodeJS.Signals
  graceMs: number
}

/**
 * Signals the whole process group, waits up to `graceMs` for it to empty, then SIGKILLs
 * whatever is left. Returns how it ended.
 */
export async function stopProcessGroup(pgid: number, opts: StopOptions): Promise<'not-running' | 'stopped' | 'killed'> {
  if (groupMembers(pgid).length === 0) return 'not-running'
  sendGroup(pgid, opts.signal ?? 'SIGTERM')
  const deadline = Date.now() + opts.graceMs
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return 'stopped'
    await sleep(100)
  }
  sendGroup(pgid, 'SIGKILL')
  const killDeadline = Date.now() + 5000
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > killDeadline) {
      throw new Error(`processes ${groupMembers(pgid).join(', ')} survived SIGKILL`)
    }
    await sleep(100)
  }
  return 'killed'
}

function sendGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err
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
