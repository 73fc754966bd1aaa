// Kafka clients shared by every VU of the process, keyed by cluster (brokers + credentials):
// xk6-kafka opens one librdkafka client per VU object, i.e. thousands of broker connections
// in a big test (its issue #269). Here a VU's Producer/Consumer/AdminClient is a thin object
// over one shared client; the clients close when the engine exits.
import { Admin, ConnectionPool, Consumer, Producer, type BaseOptions } from '@platformatic/kafka'
import type { ModuleContext } from '../../host.ts'
import type { Cluster } from './config.ts'

export const CLIENT_ID = 'eventload-k6'

/** Fetch connections per cluster shared by partition readers (env EVENTLOAD_KAFKA_FETCH_CONNECTIONS). */
export function fetchConnections(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EVENTLOAD_KAFKA_FETCH_CONNECTIONS
  if (raw === undefined || raw === '') return 4
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw new Error(`EVENTLOAD_KAFKA_FETCH_CONNECTIONS must be a whole number >= 1, got ${JSON.stringify(raw)}`)
  return n
}

export function baseOptions(cluster: Cluster): BaseOptions {
  return {
    clientId: CLIENT_ID,
    bootstrapBrokers: cluster.brokers,
    ...(cluster.security.sasl ? { sasl: cluster.security.sasl } : {}),
    ...(cluster.security.tls ? { tls: cluster.security.tls } : {}),
    // Bounded so no call can hang: one request waits at most `timeout`, retried `retries` times.
    timeout: 10_000,
    retries: 3,
    retryDelay: 250,
  }
}

export function sharedProducer(ctx: ModuleContext, cluster: Cluster): Producer {
  return ctx.shared.get(
    `k6/x/kafka:producer:${cluster.key}`,
    () => new Producer({ ...baseOptions(cluster), strict: false }),
    (p) => p.close(),
  )
}

export function sharedAdmin(ctx: ModuleContext, cluster: Cluster): Admin {
  return ctx.shared.get(`k6/x/kafka:admin:${cluster.key}`, () => new Admin(baseOptions(cluster)), (a) => a.close())
}

/** A client for metadata, offsets and raw fetches, plus a few fetch connections to spread over. */
export interface FetchClient {
  consumer: Consumer
  /** A fetch connection pool for a new reader (round-robin). */
  pool(): ConnectionPool
}

export function sharedFetchClient(ctx: ModuleContext, cluster: Cluster): FetchClient {
  return ctx.shared.get(
    `k6/x/kafka:fetch:${cluster.key}`,
    () => {
      const base = baseOptions(cluster)
      // The group id is required by the client but never joined: partition readers only fetch.
      const consumer = new Consumer({ ...base, groupId: `${CLIENT_ID}-partition-readers-${process.pid}` })
      const pools: ConnectionPool[] = []
      const size = fetchConnections()
      let next = 0
      return {
        consumer,
        pool() {
          if (pools.length < size) {
            const p = new ConnectionPool(CLIENT_ID, { ...cluster.security, connectTimeout: 5_000, requestTimeout: 30_000 })
            pools.push(p)
            return p
          }
          const p = pools[next % pools.length] as ConnectionPool
          next++
          return p
        },
        async close() {
          await Promise.allSettled(pools.map((p) => p.close()))
          await new Promise<void>((resolve) => consumer.close(true, () => resolve()))
        },
      }
    },
    (c) => (c as FetchClient & { close(): Promise<void> }).close(),
  )
}
