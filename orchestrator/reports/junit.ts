// junit.xml: one testcase per threshold expression and one per verification check, so a CI
// system shows which one failed without opening the report.
import type { SummaryMetric } from '../engines/engine.ts'
import type { RunReport } from './model.ts'
import { escapeXml } from './svg.ts'

interface Case {
  classname: string
  name: string
  failure?: string
  skipped?: string
  detail?: string
}

/** The aggregate a threshold expression compares, e.g. p(95) for "p(95)<100". */
export function thresholdActual(expr: string, m: SummaryMetric): number | undefined {
  const agg = /^\s*([a-z]+(?:\([\d.]+\))?)/.exec(expr)?.[1]
  if (!agg) return undefined
  // k6 names the median `med` in summaries; a threshold may say p(50).
  return m.values[agg] ?? (agg === 'p(50)' ? m.values.med : undefined)
}

export function thresholdCases(r: RunReport): Case[] {
  const cases: Case[] = []
  for (const [metric, m] of Object.entries(r.engineResult.summary?.metrics ?? {})) {
    for (const [expr, { ok }] of Object.entries(m.thresholds ?? {})) {
      const actual = thresholdActual(expr, m)
      const shown = actual === undefined ? '' : ` (${expr.split(/[<>=!]/)[0]!.trim()}=${+actual.toFixed(4)})`
      cases.push({ classname: 'thresholds', name: `${metric}: ${expr}`, ...(ok ? {} : { failure: `threshold crossed${shown}` }), detail: `actual${shown || ' n/a'}` })
    }
  }
  return cases
}

export function verificationCases(r: RunReport): Case[] {
  if (!r.verification) {
    return [{ classname: 'verification', name: 'verification', skipped: r.phases.find((p) => p.name === 'verify')?.detail ?? 'not run' }]
  }
  return r.verification.checks.map((c) => ({
    classname: 'verification',
    name: c.name,
    ...(c.passed ? {} : { failure: c.detail ?? `${c.count ?? ''} finding(s)` }),
    ...(c.detail ? { detail: c.detail } : {}),
  }))
}

export function junitXml(r: RunReport): string {
  const suites = [
    { name: `${r.scenario} thresholds`, cases: thresholdCases(r) },
    { name: `${r.scenario} verification`, cases: verificationCases(r) },
  ]
  if (r.drain) {
    suites[1]!.cases.unshift({ classname: 'verification', name: 'drain', ...(r.drain.drained ? {} : { failure: r.drain.reason }), detail: r.drain.reason })
  }
  const totalFailures = suites.reduce((a, s) => a + s.cases.filter((c) => c.failure).length, 0)
  const totalTests = suites.reduce((a, s) => a + s.cases.length, 0)
  const seconds = ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(3)
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="eventload ${escapeXml(r.runId)}" tests="${totalTests}" failures="${totalFailures}" time="${seconds}">`]
  for (const s of suites) {
    const failures = s.cases.filter((c) => c.failure).length
    const skipped = s.cases.filter((c) => c.skipped).length
    out.push(`  <testsuite name="${escapeXml(s.name)}" tests="${s.cases.length}" failures="${failures}" skipped="${skipped}" timestamp="${escapeXml(r.startedAt)}">`)
    for (const c of s.cases) {
      out.push(`    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}">`)
      if (c.failure) out.push(`      <failure message="${escapeXml(c.failure)}">${escapeXml(c.detail ?? c.failure)}</failure>`)
      if (c.skipped) out.push(`      <skipped message="${escapeXml(c.skipped)}"/>`)
      if (!c.failure && c.detail) out.push(`      <system-out>${escapeXml(c.detail)}</system-out>`)
      out.push('    </testcase>')
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>', '')
  return out.join('\n')
}
