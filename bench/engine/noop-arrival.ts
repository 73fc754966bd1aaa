// The benchmark's script: a no-op iteration under constant-arrival-rate (RATE, DURATION, VUS).
export const options = {
  scenarios: {
    load: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE ?? 1000),
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '60s',
      preAllocatedVUs: Number(__ENV.VUS ?? 50),
      maxVUs: Number(__ENV.VUS ?? 50),
    },
  },
  summaryTrendStats: ['med', 'p(99)', 'max'],
}

export default function () {
  // no-op: the benchmark measures the engine, not the script
}
