// The scenario metrics. xk6-sql emits none, so the sinks time every write themselves.
//   events_written   Counter, tagged type (and sink): events committed
//   insert_duration  Trend (time): one write (a row, or a batch) to the pipeline's entry point
//   insert_errors    Rate: share of writes that failed
//   mix_substitutions Counter, tagged wanted: prerequisite events written instead of the drawn type
//   target_rate      Gauge: events/s the ramp asks for now (breakpoint: the rate when it broke)

import { Counter, Gauge, Rate, Trend } from 'k6/metrics'

export const eventsWritten = new Counter('events_written')
export const insertDuration = new Trend('insert_duration', true)
export const insertErrors = new Rate('insert_errors')
export const mixSubstitutions = new Counter('mix_substitutions')
export const targetRate = new Gauge('target_rate')
