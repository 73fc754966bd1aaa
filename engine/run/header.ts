// The lines k6 prints before a run (execution, script, output, scenarios) and the progress line.
import type { Executor } from '../executors/executor.ts'
import { formatDurationGo } from '../options/duration.ts'

export function header(script: string, outputs: readonly string[], executors: readonly Executor[], share: number, maxVUs: number, maxDurationMs: number): string {
  const n = executors.length
  const lines = [
    '',
    `     execution: local`,
    `        script: ${script}`,
    `        output: ${outputs.length ? outputs.join(', ') : '-'}`,
    '',
    `     scenarios: (${(share * 100).toFixed(2)}%) ${n} scenario${n === 1 ? '' : 's'}, ${maxVUs} max VUs, ${formatDurationGo(Math.round(maxDurationMs / 100) * 100)} max duration (incl. graceful stop):`,
    ...executors.map((e) => `              * ${e.config.name}: ${e.describe()}`),
    '',
  ]
  return lines.join('\n') + '\n'
}

export function progressLine(elapsedMs: number, active: number, max: number, completed: number, interrupted: number): string {
  const total = elapsedMs / 1000
  const m = Math.floor(total / 60)
  const s = total - m * 60
  const w = String(max).length
  return `running (${String(m).padStart(2, '0')}m${s.toFixed(1).padStart(4, '0')}s), ${String(active).padStart(w, '0')}/${max} VUs, ${completed} complete and ${interrupted} interrupted iterations`
}
