// Kafka client settings shared by the relay's producer, the consumer and the admin client,
// built from the validated connection settings (TLS and SASL included).
import { Admin, type BaseOptions } from '@platformatic/kafka'
import type { Connections } from '../stack/connections.ts'

export function kafkaClientOptions(kafka: Connections['kafka'], clientId: string): BaseOptions {
  return {
    clientId,
    bootstrapBrokers: kafka.brokers,
    ...(kafka.ssl ? { tls: {} } : {}),
    ...(kafka.sasl ? { sasl: { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: kafka.sasl.password } } : {}),
    connectTimeout: 3_000,
    timeout: 10_000,
    // A few quick retries absorb a leader change; a longer outage is the caller's reconnect
    // loop's business (it recreates the clients with backoff).
    retries: 3,
    retryDelay: 300,
  }
}

/** Creates the topic when it does not exist; an existing topic is left as it is. */
export async function ensureTopic(kafka: Connections['kafka'], clientId: string, topic: string, partitions: number): Promise<void> {
  const admin = new Admin(kafkaClientOptions(kafka, `${clientId}-admin`))
  try {
    const existing = await admin.listTopics()
    if (existing.includes(topic)) return
    try {
      await admin.createTopics({ topics: [topic], partitions, replicas: 1 })
    } catch (error) {
      // Another process may have created it between the two calls.
      if (!(await admin.listTopics()).includes(topic)) throw error
    }
  } finally {
    await admin.close()
  }
}
