// Maps validated connection settings onto @platformatic/kafka client options, so every
// Kafka client in the project (stack health, processor, tail, tests) connects the same way.
import type { ConnectionOptions } from '@platformatic/kafka'
import type { Connections } from '../connections.ts'

export interface KafkaClientBase extends ConnectionOptions {
  bootstrapBrokers: string[]
}

export function kafkaClientOptions(kafka: Connections['kafka']): KafkaClientBase {
  return {
    bootstrapBrokers: kafka.brokers,
    ...(kafka.ssl ? { tls: {} } : {}),
    ...(kafka.sasl ? { sasl: { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: kafka.sasl.password } } : {}),
  }
}
