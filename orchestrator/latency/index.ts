// HDR latency helpers shared by the tail and the verifier.
export { KeyedLatency, LatencyHistogram, PERCENTILES, type LatencySummary, type SerializedLatency } from './histogram.ts'
export { IntervalLatency, type SerializedInterval, type SerializedIntervals } from './intervals.ts'
export { StageLatency, type SerializedStage, type StageClock, type StageSnapshot } from './stage.ts'
