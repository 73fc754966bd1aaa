// Drives the live view on stderr: on a TTY the block is redrawn in place 4 times a second
// (log lines are printed above it); elsewhere (CI) one progress line every 5 seconds. stdout
// stays free for the final summary.
import { dashboardLines, progressLine, type DashboardState } from './render.ts'

export type DashboardMode = 'auto' | 'tty' | 'plain' | 'off'

const TTY_INTERVAL_MS = 250
const PLAIN_INTERVAL_MS = 5000

export interface Terminal {
  write(text: string): void
  isTTY: boolean
  columns?: number
}

export class Dashboard {
  readonly mode: 'tty' | 'plain' | 'off'
  #timer: NodeJS.Timeout | undefined
  #drawn = 0
  #lastPlain = 0

  constructor(
    private readonly state: () => DashboardState,
    private readonly out: Terminal,
    mode: DashboardMode,
    private readonly now: () => number = Date.now,
  ) {
    this.mode = mode === 'auto' ? (out.isTTY ? 'tty' : 'plain') : mode
  }

  start(): void {
    if (this.mode === 'off') return
    this.#timer = setInterval(() => this.tick(), this.mode === 'tty' ? TTY_INTERVAL_MS : 1000)
    this.#timer.unref()
  }

  tick(): void {
    if (this.mode === 'tty') {
      this.#redraw()
    } else if (this.mode === 'plain' && this.now() - this.#lastPlain >= PLAIN_INTERVAL_MS) {
      this.#lastPlain = this.now()
      this.out.write(`${progressLine(this.state())}\n`)
    }
  }

  /** A message (phase change, engine log) printed above the live block. */
  log(line: string): void {
    if (this.mode === 'tty') {
      this.#clear()
      this.out.write(`${line}\n`)
      this.#redraw()
    } else {
      this.out.write(`${line}\n`)
    }
  }

  /** Draws a last time and leaves the block on screen; nothing when it never started (no load ran). */
  stop(): void {
    const started = this.#timer !== undefined
    clearInterval(this.#timer)
    this.#timer = undefined
    if (!started) return
    if (this.mode === 'tty') this.#redraw()
    else if (this.mode === 'plain') this.out.write(`${progressLine(this.state())}\n`)
    this.#drawn = 0
  }

  #clear(): void {
    // Cursor to the start of the first drawn line, then erase to the end of the screen.
    if (this.#drawn > 0) this.out.write(`\x1b[${this.#drawn}F\x1b[J`)
    this.#drawn = 0
  }

  #redraw(): void {
    const lines = dashboardLines(this.state(), (this.out.columns ?? 120) - 1)
    this.#clear()
    this.out.write(`${lines.join('\n')}\n`)
    this.#drawn = lines.length
  }
}
