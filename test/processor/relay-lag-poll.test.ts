// The relay's slot-lag poll (every 2 s) against a Postgres that accepts connections and never
// answers: only one lag client may exist, and stop() must close it. A hung server cannot be
// made from the shared stack's Postgres without disturbing everyone, so a TCP listener on
// loopback plays it; the relay's own session connections are refused at once (closed), which
// makes them fail and retry with backoff as they would against a Postgres that is down.
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../processor/config.ts'
import { createMetrics } from '../../processor/metrics.ts'
import { Relay } from '../../processor/relay/relay.ts'

let server: Server | null = null
afterEach(() => {
  server?.close()
  server = null
})

describe('relay slot-lag poll', () => {
  it('keeps at most one Postgres client while a connect hangs, and closes it on stop', async () => {
    const lagSockets: Socket[] = []
    server = createServer((socket) => {
      socket.once('data', (startup) => {
        // The startup message carries application_name: "<client id>-lag" for the poll.
        if (startup.includes('-lag')) lagSockets.push(socket)
        else socket.destroy()
      })
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    const env = {
      EVENTLOAD_PG_URL: `postgres://tester@127.0.0.1:${port}/db`,
      EVENTLOAD_KAFKA_BROKERS: '127.0.0.1:1',
      EVENTLOAD_MONGO_URL: 'mongodb://127.0.0.1:1',
    }
    const config = resolveConfig('relay', { metricsPort: -1, clientId: 'lagtest' }, env)
    const relay = new Relay(config, { metrics: createMetrics(), log: () => undefined })
    relay.start()
    await new Promise((r) => setTimeout(r, 7_000)) // three poll ticks
    expect(lagSockets).toHaveLength(1)
    await relay.stop()
    await new Promise((r) => setTimeout(r, 200))
    expect(lagSockets.every((s) => s.destroyed || s.readableEnded)).toBe(true)
  }, 20_000)
})
