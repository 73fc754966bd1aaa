// Each phase of a run is visible: one line when it ends (status, time, what happened), and a
// record for the report.
import type { PhaseName, PhaseRecord } from '../reports/model.ts'
import { untilAborted } from './interrupt.ts'

export class PhaseLog {
  readonly records: PhaseRecord[] = []
  current: PhaseName | 'starting' | 'done' = 'starting'

  constructor(private readonly say: (line: string) => void) {}

  /** Runs `fn` as phase `name`; its return value is the detail line. Failures are recorded and rethrown. */
  async run<T>(name: PhaseName, fn: () => Promise<{ value: T; detail: string; status?: PhaseRecord['status'] }>): Promise<T> {
    return (await this.#phase(name, fn)) as T
  }

  /**
   * As run, but a phase cut short by `stop` (the second Ctrl-C) is recorded as skipped for
   * `why` and yields undefined: the run goes on to write its reports, exit 105, not 1.
   */
  runUnless<T>(stop: AbortSignal, why: string, name: PhaseName, fn: () => Promise<{ value: T; detail: string; status?: PhaseRecord['status'] }>): Promise<T | undefined> {
    return this.#phase(name, fn, { stop, why })
  }

  async #phase<T>(name: PhaseName, fn: () => Promise<{ value: T; detail: string; status?: PhaseRecord['status'] }>, cut?: { stop: AbortSignal; why: string }): Promise<T | undefined> {
    this.current = name
    const t0 = performance.now()
    try {
      // A phase that only checks the signal between steps (a long MongoDB scan) is not waited for.
      const done = cut ? await untilAborted(fn(), cut.stop) : await fn()
      if (cut && (done === undefined || cut.stop.aborted)) {
        this.skip(name, cut.why)
        return undefined
      }
      const { value, detail, status } = done!
      this.#record({ name, status: status ?? 'ok', ms: performance.now() - t0, detail })
      return value
    } catch (err) {
      if (cut?.stop.aborted) {
        this.skip(name, cut.why)
        return undefined
      }
      this.#record({ name, status: 'failed', ms: performance.now() - t0, detail: firstLine((err as Error).message) })
      throw err
    }
  }

  skip(name: PhaseName, why: string): void {
    this.#record({ name, status: 'skipped', ms: 0, detail: why })
  }

  mark(name: PhaseName, status: PhaseRecord['status'], ms: number, detail: string): void {
    this.#record({ name, status, ms, detail })
  }

  #record(r: PhaseRecord): void {
    this.records.push(r)
    const mark = r.status === 'ok' ? '✓' : r.status === 'skipped' ? '-' : r.status === 'interrupted' ? '!' : '✗'
    this.say(`${mark} ${r.name.padEnd(9)} ${r.status === 'skipped' ? 'skipped' : `${(r.ms / 1000).toFixed(1)}s`.padStart(7)}  ${r.detail ?? ''}`)
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}
