// constant-arrival-rate: iteration k is due at k * timeUnit / rate, the first one at t=0;
// those due before `duration` are started.
import type { ConstantArrivalRateConfig } from '../options/types.ts'
import type { SegmentSetup } from '../segments/striping.ts'
import { ArrivalRate } from './arrival-rate.ts'
import { go, suffix } from './common.ts'

export class ConstantArrivalRate extends ArrivalRate {
  declare readonly config: ConstantArrivalRateConfig

  constructor(config: ConstantArrivalRateConfig, segment: SegmentSetup) {
    super(config, segment)
  }

  dueAt(g: number): number {
    return (g * this.config.timeUnit) / this.config.rate
  }

  globalCount(): number {
    // k < duration * rate / timeUnit, exact for whole-ms durations.
    return Math.ceil((this.config.duration * this.config.rate) / this.config.timeUnit - 1e-9)
  }

  scheduleLength(): number {
    return this.config.duration
  }

  describe(): string {
    const perSecond = (this.config.rate * 1000) / this.config.timeUnit * this.segment.tuple.share
    return `${perSecond.toFixed(2)} iterations/s for ${go(this.config.duration)} ${suffix(this.config, [`maxVUs: ${this.preAllocated}-${this.max}`])}`
  }
}
