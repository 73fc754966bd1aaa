// kafka-direct: 1,000 events at about 33/s produced straight to the events topic, in the reference processor's record shape, to load the consumer stage (Kafka -> MongoDB) alone.
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
