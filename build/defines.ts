// Values compiled into every bundle as __EVENTLOAD_DEFAULTS__: the local stack's connection
// defaults, taken from stack/topology.ts (scenario code cannot import Node code, and must not
// hard-code ports). Port overrides from the environment are deliberately ignored so a bundle does
// not depend on the shell that built it; at run time PG_URL / KAFKA_BROKERS override these, and
// EVENTLOAD_PG_PORT / EVENTLOAD_KAFKA_PORT move them to a second local stack (scenarios/lib/sinks/local-port.ts).

import { localConnections } from '../stack/connections.ts'
import { resolveStackOptions } from '../stack/options.ts'
import { topology } from '../stack/topology.ts'

export interface BundleDefaults {
  pgUrl: string
  kafkaBrokers: string
  kafkaTopic: string
}

export function bundleDefaults(): BundleDefaults {
  const local = localConnections(resolveStackOptions({}))
  const topic = topology.kafka.topics[0]?.name ?? 'events'
  return {
    // lib/pq (real k6) asks for TLS unless told otherwise; the local Postgres has none.
    pgUrl: `${local.postgres.url}?sslmode=disable`,
    kafkaBrokers: local.kafka.brokers.join(','),
    kafkaTopic: topic,
  }
}

export function defineMap(defaults: BundleDefaults = bundleDefaults()): Record<string, string> {
  return { __EVENTLOAD_DEFAULTS__: JSON.stringify(defaults) }
}
