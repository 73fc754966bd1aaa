import { describe, expect, it } from 'vitest'
import { bundleDefaults } from '../../build/defines.ts'
import { localKafkaBrokers, localPgUrl } from '../../scenarios/lib/sinks/local-port.ts'
import { localConnections } from '../../stack/connections.ts'
import { resolveStackOptions } from '../../stack/options.ts'

// docs/stack.md: a second stack is chosen by EVENTLOAD_*_PORT and "every eventload command run
// with the same variables talks to that stack". The bundle's compiled-in defaults must therefore
// land where stack/connections.ts says that stack is.
describe('bundle defaults follow the stack port overrides', () => {
  const defaults = bundleDefaults()
  const env = { EVENTLOAD_PG_PORT: '15432', EVENTLOAD_KAFKA_PORT: '19092' }
  const stack = localConnections(resolveStackOptions(env))

  it('Postgres URL: same as the stack config for those ports', () => {
    expect(localPgUrl(defaults.pgUrl, env)).toBe(`${stack.postgres.url}?sslmode=disable`)
  })

  it('Kafka brokers: same as the stack config for those ports', () => {
    expect(localKafkaBrokers(defaults.kafkaBrokers, env)).toBe(stack.kafka.brokers.join(','))
  })

  it('no override: the compiled-in defaults unchanged', () => {
    expect(localPgUrl(defaults.pgUrl, {})).toBe(defaults.pgUrl)
    expect(localKafkaBrokers(defaults.kafkaBrokers, { EVENTLOAD_KAFKA_PORT: ' ' })).toBe(defaults.kafkaBrokers)
  })

  it('a bad port names the variable', () => {
    expect(() => localPgUrl(defaults.pgUrl, { EVENTLOAD_PG_PORT: '5432x' })).toThrow(/EVENTLOAD_PG_PORT: expected a TCP port/)
    expect(() => localKafkaBrokers(defaults.kafkaBrokers, { EVENTLOAD_KAFKA_PORT: '70000' })).toThrow(/EVENTLOAD_KAFKA_PORT/)
  })
})
