// `k6/x/kafka` for the node engine, with xk6-kafka v2's exports: Producer, Consumer,
// AdminClient, the deprecated Writer/Reader/Connection, SchemaRegistry, LoadJKS and the
// constants. The factory runs once per VU (k6 module state is per VU); the Kafka clients
// behind the classes are per process (clients.ts).
import type { ModuleFactory } from '../../host.ts'
import { adminClass } from './admin.ts'
import { KAFKA_CONSTANTS } from './constants.ts'
import { consumerClass } from './consumer.ts'
import { KafkaError } from './errors.ts'
import { KafkaMetrics } from './metrics.ts'
import { producerClass } from './producer.ts'
import { SchemaRegistry } from './schema-registry.ts'

function LoadJKS(): never {
  throw new KafkaError('LoadJKS is not supported by the node engine: convert the keystore to PEM (keytool/openssl) and pass the PEM strings in tls')
}

export const kafkaModule: ModuleFactory = (ctx) => {
  const metrics = new KafkaMetrics(ctx)
  const exports: Record<string, unknown> = {
    ...KAFKA_CONSTANTS,
    Producer: producerClass(ctx, metrics, 'Producer'),
    Writer: producerClass(ctx, metrics, 'Writer'),
    Consumer: consumerClass(ctx, metrics, 'Consumer'),
    Reader: consumerClass(ctx, metrics, 'Reader'),
    AdminClient: adminClass(ctx, 'AdminClient'),
    Connection: adminClass(ctx, 'Connection'),
    SchemaRegistry,
    LoadJKS,
  }
  // xk6-kafka exports one default object; k6 also resolves named imports from it.
  return { ...exports, default: exports }
}
