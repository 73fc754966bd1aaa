// Log lines in the shape k6's text logger prints (`INFO[0003] message  source=console`), to
// stderr by default; the programmatic API can take them instead.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export type LogSink = (line: string, level: LogLevel) => void

const LABEL: Record<LogLevel, string> = { debug: 'DEBU', info: 'INFO', warn: 'WARN', error: 'ERRO' }

export class Logger {
  readonly #start = Date.now()
  constructor(
    private readonly sink: LogSink = (line) => process.stderr.write(line + '\n'),
    private readonly verbose = false,
  ) {}

  log(level: LogLevel, message: string, fields: Record<string, string> = {}): void {
    if (level === 'debug' && !this.verbose) return
    const secs = Math.floor((Date.now() - this.#start) / 1000)
    const extra = Object.entries(fields)
      .map(([k, v]) => ` ${k}=${/\s/.test(v) ? JSON.stringify(v) : v}`)
      .join('')
    const head = `${LABEL[level]}[${String(secs).padStart(4, '0')}] ${message}`
    this.sink(extra ? `${head.padEnd(46)}${extra}` : head, level)
  }

  info(message: string, fields?: Record<string, string>): void {
    this.log('info', message, fields)
  }
  warn(message: string, fields?: Record<string, string>): void {
    this.log('warn', message, fields)
  }
  error(message: string, fields?: Record<string, string>): void {
    this.log('error', message, fields)
  }
}
