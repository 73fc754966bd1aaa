// `stack status` as a plain-text table (service, url, pid, healthy, version, detail).
import pc from 'picocolors'
import { redactText } from './redact.ts'
import type { ServiceStatus } from './service.ts'

export function renderStatusTable(rows: ServiceStatus[], color = false): string {
  const header = ['service', 'mode', 'url', 'pid', 'healthy', 'version', 'detail']
  const cells = rows.map((r) => [
    r.service,
    r.mode,
    redactText(r.url),
    r.pid === undefined ? '-' : String(r.pid),
    r.mode === 'skipped' ? '-' : r.healthy ? 'yes' : 'NO',
    r.version ?? '-',
    redactText(r.detail ?? ''),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  const paint = (c: string[], r: ServiceStatus) => {
    const text = line(c)
    if (!color || r.mode === 'skipped') return text
    return r.healthy ? text : pc.red(text)
  }
  return [pc.bold(line(header)), ...cells.map((c, i) => paint(c, rows[i]!))].join('\n')
}
