// The native provider: every service as a local process, no Docker. Start order matters only
// through dependsOn; this list is also the order of `status` rows (and reversed for `down`).
import type { ServiceProvider } from './service.ts'
import { KafkaService } from './services/kafka.ts'
import { MongoService } from './services/mongo.ts'
import { PostgresService } from './services/postgres.ts'
import { ProcessorService } from './services/processor.ts'
import { PrometheusService } from './services/prometheus.ts'

const services = [new PostgresService(), new KafkaService(), new MongoService(), new PrometheusService(), new ProcessorService()]

export const nativeProvider: ServiceProvider = {
  name: 'native',
  services: () => [...services],
}
