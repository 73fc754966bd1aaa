// `https://jslib.k6.io/k6-summary/<version>/index.js`: the remote helper many k6 scripts import
// in handleSummary(). k6 downloads it; the node engine has no network access to it, so it
// provides the same two functions locally (textSummary renders like the engine's summary).
import type { ModuleFactory } from '../host.ts'
import type { SummaryData } from '../summary/data.ts'
import { textSummary } from '../summary/text.ts'

export const JSLIB_SUMMARY_PREFIX = 'https://jslib.k6.io/k6-summary/'

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** One JUnit test case per threshold expression, failed when the threshold failed. */
export function jUnit(data: SummaryData, opts: { name?: string; classname?: string } = {}): string {
  const cases: string[] = []
  let failures = 0
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      const name = xml(`${metric} - ${expr}`)
      if (t.ok) cases.push(`<testcase name="${name}" />`)
      else {
        failures++
        cases.push(`<testcase name="${name}"><failure message="failed" /></testcase>`)
      }
    }
  }
  const suite = xml(opts.name ?? 'k6 thresholds')
  return `<?xml version="1.0"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n<testsuite name="${suite}" tests="${cases.length}" failures="${failures}">${cases.join('\n')}\n</testsuite>\n</testsuites>`
}

export const jslibSummaryModule: ModuleFactory = () => {
  const api = {
    textSummary: (data: SummaryData, opts?: { indent?: string; enableColors?: boolean }) => textSummary(data, opts ?? {}),
    jUnit,
  }
  return { ...api, default: api }
}
