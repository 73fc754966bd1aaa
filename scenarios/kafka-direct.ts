// kafka-direct: 1,000 events at about 33/s straight to Kafka, loading the consumer stage alone.
// Records have the reference processor's shape (docs/processor.md), so its consumer (Kafka ->
// MongoDB) takes them as if the relay had published them.
import { constantLoad } from './lib/load.ts'
import { defineScenario } from './lib/scenario.ts'
import { openKafka } from './lib/sinks/open-kafka.ts'

const scenario = defineScenario({
  name: 'kafka-direct',
  sink: openKafka,
  load: (env) => constantLoad(env, { events: 1000, rate: 33 }),
})

export const options = scenario.options
export const setup = scenario.setup
export default scenario.iteration
