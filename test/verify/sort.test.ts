import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareKeys } from '../../orchestrator/verify/sort/compare.ts'
import { ExternalSorter, groupByKey } from '../../orchestrator/verify/sort/external-sort.ts'

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

describe('compareKeys: UTF-8 byte order (Postgres COLLATE "C")', () => {
  it('orders like Buffer.compare on UTF-8, including characters above U+FFFF', () => {
    const keys = ['b', 'a', 'ab', '', 'Z', 'é', '\uffff', '😀', 'a😀', 'a\ue000', '0', '-']
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
    expect([...keys].sort(compareKeys)).toEqual(byBytes)
    // JavaScript's default order differs exactly on the surrogate case:
    expect(['\uffff', '😀'].sort()).toEqual(['😀', '\uffff'])
  })
})

describe('ExternalSorter', () => {
  it('sorts more records than one chunk through run files, stable for equal keys, then cleans up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sort-'))
    const sorter = new ExternalSorter({ dir, chunkRecords: 7 })
    const input: [string, string][] = []
    for (let i = 0; i < 100; i++) input.push([`k${(i * 37) % 23}`, `v${i}`])
    for (const [k, v] of input) await sorter.add(k, v)
    expect(readdirSync(dir).some((f) => f.startsWith('.sort-'))).toBe(true)
    const out = await collect(sorter.sorted())
    const expected = input.map(([key, value], i) => ({ key, value, i })).sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i)
    expect(out).toEqual(expected.map(({ key, value }) => ({ key, value })))
    await sorter.cleanup()
    expect(readdirSync(dir)).toEqual([])
  })

  it('works in memory when everything fits, and groups equal keys', async () => {
    const sorter = new ExternalSorter({ dir: tmpdir(), chunkRecords: 1000 })
    for (const k of ['b', 'a', 'b', 'c', 'a']) await sorter.add(k, k.toUpperCase())
    expect(await collect(groupByKey(sorter.sorted()))).toEqual([
      { key: 'a', values: ['A', 'A'] },
      { key: 'b', values: ['B', 'B'] },
      { key: 'c', values: ['C'] },
    ])
  })

  it('keeps values with tabs, newlines and multi-byte text intact across run files', async () => {
    const sorter = new ExternalSorter({ dir: tmpdir(), chunkRecords: 2 })
    const values = ['a\tb', 'line\nbreak', 'Ñúñez ✓ 😀', '']
    for (const [i, v] of values.entries()) await sorter.add(`k${i}`, v)
    expect((await collect(sorter.sorted())).map((r) => r.value)).toEqual(values)
    await sorter.cleanup()
  })
})
