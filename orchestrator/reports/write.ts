// Writes reports/<run_id>/: summary.json, metrics.json, junit.xml, report.html (+ the HDR
// interval logs the stats wrote as they went). Each file is written whole (tmp + rename) so a
// second Ctrl-C mid-write never leaves half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { redactText } from '../../stack/redact.ts'
import { reportHtml } from './html.ts'
import { junitXml } from './junit.ts'
import { metricsJson } from './metrics-json.ts'
import type { RunReport } from './model.ts'
import { summaryJson } from './summary-json.ts'

export const REPORT_FILES = ['summary.json', 'metrics.json', 'junit.xml', 'report.html'] as const

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  // Last line of defence: nothing that looks like a credential leaves in a report.
  writeFileSync(tmp, redactText(text))
  renameSync(tmp, file)
}

export function writeReports(r: RunReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true })
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(summaryJson(r), null, 2)}\n`],
    ['metrics.json', `${JSON.stringify(metricsJson(r), null, 2)}\n`],
    ['junit.xml', junitXml(r)],
    ['report.html', reportHtml(r)],
  ]
  for (const [name, text] of files) writeAtomic(join(dir, name), text)
  return files.map(([name]) => name)
}
