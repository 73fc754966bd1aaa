// Everything a service runs, found through /proc: its process group AND its descendants.
// Both are needed: postgres' backends each call setsid() (so they leave the postmaster's
// group), and a child whose parent died is reparented away from the tree (so the group is
// what still ties it to us). Identity is pid + start time, so a recycled pid is never signalled.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ProcInfo {
  pid: number
  ppid: number
  pgrp: number
  state: string
  /** Clock ticks after boot; with pid, a unique identity. */
  starttime: string
}

const HAS_PROC = (() => {
  try {
    readdirSync('/proc/self')
    return true
  } catch {
    return false
  }
})()

/** Without /proc (macOS): ps(1), identity by pid only. */
function psTable(pid?: number): ProcInfo[] {
  try {
    const out = execFileSync('ps', [...(pid ? ['-p', String(pid)] : ['-A']), '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' })
    return out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [p, pp, pg, st] = line.trim().split(/\s+/)
        return { pid: Number(p), ppid: Number(pp), pgrp: Number(pg), state: (st ?? '?').slice(0, 1), starttime: '' }
      })
  } catch {
    return []
  }
}

export function procInfo(pid: number): ProcInfo | undefined {
  if (!HAS_PROC) return psTable(pid)[0]
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm may contain spaces and parens; the numeric fields follow the LAST ')'
    const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ')
    return { pid, state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), starttime: f[19]! }
  } catch {
    return undefined
  }
}

export function procTable(): ProcInfo[] {
  if (!HAS_PROC) return psTable()
  const out: ProcInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const p = procInfo(Number(entry))
    if (p) out.push(p)
  }
  return out
}

/** Zombies are dead: an init that does not reap them must not make `down` hang. */
const living = (p: ProcInfo) => p.state !== 'Z' && p.state !== 'X'

/** The root, its living descendants and the living members of its process group. */
export function serviceProcesses(root: number, table: ProcInfo[] = procTable()): ProcInfo[] {
  const children = new Map<number, ProcInfo[]>()
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p])
  const found = new Map<number, ProcInfo>()
  const rootInfo = table.find((p) => p.pid === root)
  const queue = rootInfo ? [rootInfo] : []
  for (const p of table) if (p.pgrp === root) queue.push(p)
  while (queue.length) {
    const p = queue.pop()!
    if (found.has(p.pid)) continue
    found.set(p.pid, p)
    queue.push(...(children.get(p.pid) ?? []))
  }
  return [...found.values()].filter(living)
}

function stillAlive(p: ProcInfo): boolean {
  const now = procInfo(p.pid)
  return !!now && now.starttime === p.starttime && living(now)
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err
  }
}

export interface StopOptions {
  /** First signal, sent to the root's process group only (the service decides how to stop its children). */
  signal?: NodeJS.Signals
  graceMs: number
}

/**
 * Signals the root's group, waits up to `graceMs` for every process of the service (as seen
 * before and during the wait) to exit, then SIGKILLs whatever is left.
 */
export async function stopProcessTree(root: number, opts: StopOptions): Promise<'not-running' | 'stopped' | 'killed'> {
  const tracked = new Map<number, ProcInfo>()
  const track = () => {
    for (const p of serviceProcesses(root)) if (!tracked.has(p.pid)) tracked.set(p.pid, p)
  }
  const remaining = () => [...tracked.values()].filter(stillAlive)
  track()
  if (tracked.size === 0) return 'not-running'
  send(-root, opts.signal ?? 'SIGTERM')
  const deadline = Date.now() + opts.graceMs
  while (Date.now() < deadline) {
    track()
    if (remaining().length === 0) return 'stopped'
    await sleep(100)
  }
  send(-root, 'SIGKILL')
  for (const p of remaining()) send(p.pid, 'SIGKILL')
  const killDeadline = Date.now() + 5000
  while (remaining().length > 0) {
    if (Date.now() > killDeadline) {
      throw new Error(`processes ${remaining().map((p) => p.pid).join(', ')} survived SIGKILL`)
    }
    await sleep(100)
  }
  return 'killed'
}
