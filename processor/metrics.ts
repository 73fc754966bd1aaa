// The processor's Prometheus metrics, on a registry of its own so several processors can
// live in one process (tests, benchmarks) without clashing on the global default registry.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry()
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'eventload_processor_' })
  const registers = [registry]
  const batchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
  return {
    registry,
    slotLagBytes: new Gauge({
      name: 'eventload_processor_slot_lag_bytes',
      help: 'WAL bytes between the current server position and the replication slot confirmed flush LSN',
      registers,
    }),
    consumerLag: new Gauge({
      name: 'eventload_processor_consumer_lag',
      help: 'Records between the high watermark and the committed offset, per consumer group and partition',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    }),
    relayed: new Counter({ name: 'eventload_processor_relayed_total', help: 'Events Kafka acknowledged', registers }),
    consumed: new Counter({ name: 'eventload_processor_consumed_total', help: 'Events written to the MongoDB events collection', registers }),
    projected: new Counter({ name: 'eventload_processor_projected_total', help: 'Events applied to the projections', registers }),
    rejected: new Counter({
      name: 'eventload_processor_rejected_total',
      help: 'Kafka records that were not eventload events (kept in events_rejected)',
      registers,
    }),
    produceBatch: new Histogram({
      name: 'eventload_processor_produce_batch_seconds',
      help: 'Duration of one produce request, from send to acks=all acknowledgement',
      buckets: batchBuckets,
      registers,
    }),
    writeBatch: new Histogram({
      name: 'eventload_processor_write_batch_seconds',
      help: 'Duration of the MongoDB writes of one consumer batch, per consumer group',
      labelNames: ['group'],
      buckets: batchBuckets,
      registers,
    }),
    endToEnd: new Histogram({
      name: 'eventload_processor_end_to_end_seconds',
      help: 'processed_at minus created_at per event written',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    restarts: new Counter({
      name: 'eventload_processor_restarts_total',
      help: 'Sessions restarted after an error (part = relay or the consumer group)',
      labelNames: ['part'],
      registers,
    }),
    faults: new Counter({
      name: 'eventload_processor_faults_total',
      help: 'Faults injected (test mode only)',
      labelNames: ['class'],
      registers,
    }),
  }
}

export type ProcessorMetrics = ReturnType<typeof createMetrics>
