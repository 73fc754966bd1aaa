// ramping-arrival-rate: the rate is piecewise linear from startRate through each stage's
// target. The n-th iteration (n from 1) is due when the area under the rate curve reaches n;
// inside a stage from rate f to t over d the area after x is f*x + (t-f)*x^2/(2d). So a flat
// stage starts at 1/rate (not 0), and 0 -> 10/s over 10 s first starts at ~1.41 s.
import type { RampingArrivalRateConfig } from '../options/types.ts'
import type { SegmentSetup } from '../segments/striping.ts'
import { ArrivalRate } from './arrival-rate.ts'
import { go, suffix } from './common.ts'

interface Segment {
  readonly start: number
  readonly duration: number
  /** Rates in iterations per ms. */
  readonly from: number
  readonly to: number
  /** Area (iterations) before this stage. */
  readonly areaBefore: number
  readonly area: number
}

export class RampingArrivalRate extends ArrivalRate {
  declare readonly config: RampingArrivalRateConfig
  readonly #stages: Segment[] = []
  readonly #length: number
  readonly #totalArea: number

  constructor(config: RampingArrivalRateConfig, segment: SegmentSetup) {
    super(config, segment)
    let from = config.startRate / config.timeUnit
    let t = 0
    let area = 0
    for (const s of config.stages) {
      const to = s.target / config.timeUnit
      const a = ((from + to) / 2) * s.duration
      this.#stages.push({ start: t, duration: s.duration, from, to, areaBefore: area, area: a })
      t += s.duration
      area += a
      from = to
    }
    this.#length = t
    this.#totalArea = area
  }

  dueAt(g: number): number {
    const n = g + 1
    // Binary search for the stage whose area range contains n.
    let lo = 0
    let hi = this.#stages.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const s = this.#stages[mid]!
      if (s.areaBefore + s.area < n) lo = mid + 1
      else hi = mid
    }
    const s = this.#stages[lo]!
    const r = n - s.areaBefore
    if (s.duration === 0) return s.start
    // Solve f*x + (t-f)/(2d)*x^2 = r, in the form that stays stable when t ~ f.
    const disc = s.from * s.from + (2 * (s.to - s.from) * r) / s.duration
    const x = (2 * r) / (s.from + Math.sqrt(Math.max(0, disc)))
    return s.start + Math.min(x, s.duration)
  }

  globalCount(): number {
    return Math.floor(this.#totalArea + 1e-9)
  }

  scheduleLength(): number {
    return this.#length
  }

  describe(): string {
    const peak = Math.max(this.config.startRate, ...this.config.stages.map((s) => s.target))
    const perSecond = ((peak * 1000) / this.config.timeUnit) * this.segment.tuple.share
    const n = this.config.stages.length
    return `Up to ${perSecond.toFixed(2)} iterations/s for ${go(this.#length)} over ${n} stage${n === 1 ? '' : 's'} ${suffix(this.config, [`maxVUs: ${this.preAllocated}-${this.max}`])}`
  }
}
