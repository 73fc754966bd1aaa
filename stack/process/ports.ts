// Port checks against the kernel's view (a bind attempt), so "free" means a service could
// really listen there now, not just that nobody answered a connect.
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
