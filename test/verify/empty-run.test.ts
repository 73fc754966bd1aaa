// `verify --run <id>` for an id with nothing behind it says so (a typo is the usual cause),
// instead of leaving "committed=0 arrived=0 missing=0" to be decoded.
import { describe, expect, it } from 'vitest'
import { defaultProfile } from '../../orchestrator/profile/index.ts'
import { emptyRunHint } from '../../orchestrator/verify/empty-run.ts'

const counts = (committed: number, documents: number) => ({ committed, documents, arrived: Math.min(committed, documents), expected: null })

describe('empty run hint', () => {
  const profile = defaultProfile()

  it('names the run, where it looked and what to check when neither store has anything of the run', () => {
    const hint = emptyRunHint({ runId: 'run-typo', counts: counts(0, 0) }, profile)
    expect(hint).toContain('run run-typo has no events in Postgres (public.events) and no documents in MongoDB (events)')
    expect(hint).toContain('check the run id')
  })

  it('says nothing when either store has something of the run (a real finding then)', () => {
    expect(emptyRunHint({ runId: 'r', counts: counts(5, 0) }, profile)).toBeUndefined()
    expect(emptyRunHint({ runId: 'r', counts: counts(0, 3) }, profile)).toBeUndefined()
  })
})
