// constant-vus: `vus` VUs loop back to back for `duration`; then no new iterations, the
// running ones get gracefulStop, then are interrupted. No dropped iterations.
import type { ConstantVusConfig } from '../options/types.ts'
import { go, suffix, timeProgress } from './common.ts'
import type { ExecutorContext } from './executor.ts'
import { LoopingVus } from './looping-vus.ts'

export class ConstantVus extends LoopingVus<ConstantVusConfig> {
  #start = 0

  protected regularLength(): number {
    return this.config.duration
  }
  protected progress(): number {
    return timeProgress(this.#start, this.config.duration)
  }
  describe(): string {
    return `${this.vus} looping VUs for ${go(this.config.duration)} ${suffix(this.config, [])}`
  }

  async run(ctx: ExecutorContext): Promise<void> {
    this.#start = ctx.start
    await this.loop(ctx, () => true)
  }
}
