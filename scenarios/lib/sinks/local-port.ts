// The local stack's addresses are compiled into the bundle with the default ports (build/defines.ts
// keeps bundles independent of the shell that built them). A second stack on other ports is
// selected at run time by EVENTLOAD_PG_PORT / EVENTLOAD_KAFKA_PORT (docs/stack.md), which every
// other eventload command honours; without this a bundle run by hand (`npm run engine`, `k6 run`)
// in that shell would silently write into the default stack instead.

import { KnobError, type Env } from '../knobs.ts'

function portOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new KnobError(`${name}: expected a TCP port 1-65535, got "${value}"`)
  return String(n)
}

/** The compiled-in local Postgres URL, on EVENTLOAD_PG_PORT when set. */
export function localPgUrl(defaultUrl: string, env: Env): string {
  const port = portOf(env, 'EVENTLOAD_PG_PORT')
  // The port is the one after the host, before the database path: ...@127.0.0.1:5432/eventload
  return port === undefined ? defaultUrl : defaultUrl.replace(/^([^@]*@[^/:]+):\d+\//, `$1:${port}/`)
}

/** The compiled-in local Kafka brokers, on EVENTLOAD_KAFKA_PORT when set. */
export function localKafkaBrokers(defaultBrokers: string, env: Env): string {
  const port = portOf(env, 'EVENTLOAD_KAFKA_PORT')
  if (port === undefined) return defaultBrokers
  return defaultBrokers
    .split(',')
    .map((b) => b.trim().replace(/:\d+$/, `:${port}`))
    .join(',')
}
