// Run ids: `run-<UTC stamp>-<6 hex>`, the form the scenarios generate themselves
// (scenarios/lib/scenario.ts), so ids look the same whoever made them.
import { randomBytes } from 'node:crypto'

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')
  return `run-${stamp}-${randomBytes(3).toString('hex')}`
}
