// check() and group() (semantics §3.4-3.5, pitfall 17).
import { describe, expect, it } from 'vitest'
import { runFixture } from './support/run.ts'

describe('check and group', () => {
  it('records one checks sample per evaluated check, stopping at the first that throws', async () => {
    const r = await runFixture('checks-groups')
    const checks = r.of('checks').map((s) => `${s.tags.check}=${s.value}`)
    expect(checks).toEqual(['one is one=1', 'one is two=0', 'before throw=1', 'throws=0', 'inside inner=1'])
    expect(r.of('checks')[0]!.tags.extra).toBe('x')
  })

  it('emits group_duration for each group, also when its function throws, with the group path tag', async () => {
    const r = await runFixture('checks-groups')
    expect(r.of('group_duration').map((s) => s.tags.group)).toEqual(['::outer::inner', '::outer'])
    expect(r.of('checks').at(-1)!.tags.group).toBe('::outer::inner')
    // The iteration itself is tagged with the root group.
    expect(r.of('iterations')[0]!.tags.group).toBe('')
  })

  it('builds root_group with nested groups and per-check passes/fails', async () => {
    const r = await runFixture('checks-groups')
    const root = r.result.summary!.root_group
    expect(root.checks.map((c) => [c.name, c.passes, c.fails])).toEqual([
      ['one is one', 1, 0],
      ['one is two', 0, 1],
      ['before throw', 1, 0],
      ['throws', 0, 1],
    ])
    expect(root.groups[0]!.path).toBe('::outer')
    expect(root.groups[0]!.groups[0]!.checks[0]!.path).toBe('::outer::inner::inside inner')
    expect(r.stdout).toContain('✗ one is two')
    expect(r.stdout).toContain('↳  0% — ✓ 0 / ✗ 1')
  })
})
