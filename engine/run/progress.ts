// The live "running (...)" line on a terminal, and the final one.
import { progressLine } from './header.ts'
import type { Progress } from './types.ts'

export class ProgressPrinter {
  constructor(
    private readonly write: (text: string) => void,
    private readonly live: boolean,
  ) {}

  update(p: Progress): void {
    if (this.live) this.write(`\r${this.#line(p)}\x1b[K`)
  }

  finish(p: Progress): void {
    this.write(`${this.live ? '\r' : ''}${this.#line(p)}${this.live ? '\x1b[K' : ''}\n`)
  }

  #line(p: Progress): string {
    return progressLine(p.elapsedMs, p.vusActive, p.vusMax, p.iterationsCompleted, p.iterationsInterrupted)
  }
}
