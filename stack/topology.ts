// The one source of truth for the local stack's service names, ports, database names and
// topics. The native provider, docker-compose.yml (checked by a test), the connection
// defaults, the processor and the orchestrator all read it from here.

export const SERVICE_NAMES = ['postgres', 'kafka', 'mongo', 'prometheus', 'processor'] as const
export type ServiceName = (typeof SERVICE_NAMES)[number]

export const topology = {
  postgres: {
    port: 5432,
    database: 'eventload',
    user: 'eventload',
    // Local-stack-only credential; never used for a user's external database.
    password: 'eventload',
  },
  kafka: {
    port: 9092,
    controllerPort: 9093,
    topics: [{ name: 'events', partitions: 6 }],
  },
  mongo: {
    port: 27017,
    database: 'eventload',
  },
  prometheus: {
    port: 9090,
  },
  processor: {
    metricsPort: 9464,
    consumerGroup: 'eventload-processor',
    replicationSlot: 'eventload_events',
    publication: 'eventload_events',
  },
} as const
