// The preflight's advice about a local stack grown with earlier runs: silent up to the limit,
// above it a warning that names the collection, its size and the command that empties it.
import { describe, expect, it } from 'vitest'
import { HISTORY_WARN_DOCUMENTS, historyWarning } from '../../orchestrator/run/history-check.ts'

describe('historyWarning', () => {
  it('says nothing up to the limit', () => {
    expect(historyWarning(0, 'eventload.events')).toBeUndefined()
    expect(historyWarning(HISTORY_WARN_DOCUMENTS, 'eventload.events')).toBeUndefined()
  })

  it('above it names the collection, the count and the fix', () => {
    const w = historyWarning(250_123, 'eventload.events')
    expect(w).toContain('eventload.events')
    expect(w).toContain('250123')
    expect(w).toContain('npm run stack -- reset-data --yes')
    expect(historyWarning(11, 'db.c', 10)).toContain('more than 10')
  })
})
