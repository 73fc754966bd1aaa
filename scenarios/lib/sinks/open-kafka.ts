// Opens the Kafka sink through xk6-kafka's Producer (kafka-direct only).

import { Producer } from 'k6/x/kafka'
import { KnobError, text, type Env } from '../knobs.ts'
import { KafkaSink } from './kafka.ts'
import { localKafkaBrokers } from './local-port.ts'

export function openKafka(env: Env): KafkaSink {
  const brokers = (text(env, 'KAFKA_BROKERS', 'EVENTLOAD_KAFKA_BROKERS') ?? localKafkaBrokers(__EVENTLOAD_DEFAULTS__.kafkaBrokers, env))
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(broker)) {
      throw new KnobError(`KAFKA_BROKERS: expected host:port[,host:port], e.g. 127.0.0.1:9092; got "${broker}"`)
    }
  }
  const topic = text(env, 'KAFKA_TOPIC') ?? __EVENTLOAD_DEFAULTS__.kafkaTopic
  // requiredAcks -1 (all): a write counts once every in-sync replica has it, like the processor's.
  const producer = new Producer({ brokers, topic, requiredAcks: -1 })
  return new KafkaSink(producer, `kafka ${brokers.join(',')} topic ${topic}`)
}
