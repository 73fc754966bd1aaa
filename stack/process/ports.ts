// Port checks against the kernel's view (a bind attempt), so "free" means a service could
// really listen there now, not just that nobody answered a connect.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { waitFor } from './wait.ts'

/** True when 127.0.0.1:`port` can be bound right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** Waits until every port is free; throws naming the ports still taken. */
export async function waitPortsFree(ports: number[], timeoutMs: number): Promise<void> {
  let busy: number[] = []
  try {
    await waitFor(
      async () => {
        busy = []
        for (const p of ports) if (!(await isPortFree(p))) busy.push(p)
        return busy.length === 0
      },
      { timeoutMs, what: `ports ${ports.join(', ')} to be released` },
    )
  } catch {
    throw new Error(`port(s) ${busy.join(', ')} still in use after ${Math.round(timeoutMs / 1000)}s`)
  }
}

/** A free ephemeral port (for tests and isolated stacks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const addr = server.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Inodes of sockets listening on `port` (IPv4 and IPv6), from /proc/net; undefined without /proc. */
function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>()
  let sawProc = false
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
      sawProc = true
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      // f[1] = local "ADDR:PORT" (hex), f[3] = state (0A = LISTEN), f[9] = inode
      if (f.length < 10 || f[3] !== '0A') continue
      if (parseInt(f[1]!.split(':')[1] ?? '', 16) === port) inodes.add(f[9]!)
    }
  }
  return sawProc ? inodes : undefined
}

/**
 * Whether one of `pids` holds the listening socket on `port`. Guards against a health check
 * that succeeded against someone else's server on the same port. Undefined when /proc is
 * unavailable (the check is then skipped).
 */
export function portOwnedBy(pids: number[], port: number): boolean | undefined {
  const inodes = listeningInodes(port)
  if (!inodes) return undefined
  if (inodes.size === 0) return false
  for (const pid of pids) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
        if (m && inodes.has(m[1]!)) return true
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return false
}
