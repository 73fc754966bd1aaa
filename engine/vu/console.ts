// The `console` a VU sees: k6 writes console output through its logger (`source=console`),
// objects as JSON.
import { describeValue } from '../run/describe-value.ts'
import type { Logger, LogLevel } from '../run/logger.ts'

function render(args: unknown[]): string {
  return args.map(describeValue).join(' ')
}

export function vuConsole(log: Logger): Record<string, (...args: unknown[]) => void> {
  const at = (level: LogLevel) => (...args: unknown[]) => log.log(level, render(args), { source: 'console' })
  return { log: at('info'), info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), trace: at('debug') }
}
