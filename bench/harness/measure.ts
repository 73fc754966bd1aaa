// What one measured client run of bench/harness-limits.ts reports, and the measuring helpers:
// a child process timed by /usr/bin/time (its own user+system CPU, so a client's cost is its
// own), percentiles, medians and the machine-wide CPU busy time from /proc/stat.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

export interface ClientRun {
  /** Rows (Postgres) or records (Kafka) per second over the run. */
  rowsPerS: number
  rows: number
  /** Latency of one statement / one produce call as the client saw it (ms). */
  p50Ms: number
  p99Ms: number
  /** The client's own CPU time over its run, in cores (1 = one core busy all along). */
  clientCpuCores: number
  /** The client's CPU time per row / record (µs). */
  cpuUsPerRow: number
  /** The whole machine's busy CPU over the run, in cores (server, client and everyone else). */
  machineCpuCores?: number
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

export interface TimedOutput {
  stdout: string
  stderr: string
  cpu: { userS: number; sysS: number; wallS: number; cores: number }
}

const MARK = 'HARNESS-TIME'

/** Runs `cmd` under /usr/bin/time; rejects with the tail of its output when it fails. */
export function timed(cmd: string, args: string[], o: { env?: NodeJS.ProcessEnv; signal: AbortSignal; timeoutMs: number }): Promise<TimedOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      ['-f', `${MARK} %U %S %e`, cmd, ...args],
      { env: o.env ?? process.env, signal: o.signal, timeout: o.timeoutMs, killSignal: 'SIGTERM', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${cmd} failed (${error.message.split('\n')[0]}):\n${(stdout + stderr).trim().slice(-3000)}`))
          return
        }
        const line = stderr.split('\n').find((l) => l.startsWith(MARK))
        if (!line) {
          reject(new Error(`${cmd}: no /usr/bin/time line in its stderr`))
          return
        }
        const [userS, sysS, wallS] = line.slice(MARK.length).trim().split(/\s+/).map(Number) as [number, number, number]
        resolve({ stdout, stderr, cpu: { userS, sysS, wallS, cores: (userS + sysS) / Math.max(wallS, 0.01) } })
      },
    )
  })
}

/** Machine-wide busy and total CPU jiffies so far. */
function procStat(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const idle = (f[3] ?? 0) + (f[4] ?? 0)
  const total = f.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/** Runs `work` and adds the machine's busy CPU (in cores) during it. */
export async function withMachineCpu(work: () => Promise<ClientRun>): Promise<ClientRun> {
  const before = procStat()
  const r = await work()
  const after = procStat()
  const share = (after.busy - before.busy) / Math.max(1, after.total - before.total)
  return { ...r, machineCpuCores: share * cpus().length }
}
