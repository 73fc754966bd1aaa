// The field scanner must agree with JSON.parse on every value it is asked for, on documents of
// any shape (randomly generated here), and refuse what is not a JSON object.
import { describe, expect, it } from 'vitest'
import { buildTrie, extractFields } from '../../orchestrator/tail/json-fields.ts'
import { readPath } from '../../orchestrator/verify/normalize.ts'

let seed = 7
const rnd = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}
const KEYS = ['id', 'run_id', 'type', 'payload', 'after', 'source', 'ts_ms', 'a', 'é', 'k"q', 'x\\y']
function value(depth: number): unknown {
  const r = rnd()
  if (depth > 3 || r < 0.3) return ['s', 'with "quotes" and \\ and \n', 'ünï ✓ 😀', 42, -1.5e-7, true, false, null, ''][Math.floor(rnd() * 9)]
  if (r < 0.65) return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, () => [KEYS[Math.floor(rnd() * KEYS.length)]!, value(depth + 1)]))
  return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1))
}

describe('extractFields', () => {
  it('agrees with JSON.parse on 2,000 random documents and paths', () => {
    const paths = ['id', 'run_id', 'payload.after.run_id', 'after.type', 'source.ts_ms', 'é', 'k"q', 'x\\y', 'payload.a', 'a.a.a']
    const trie = buildTrie(paths)
    for (let i = 0; i < 2_000; i++) {
      const doc = Object.fromEntries(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => [KEYS[Math.floor(rnd() * KEYS.length)]!, value(0)]))
      const text = rnd() < 0.5 ? JSON.stringify(doc) : JSON.stringify(doc, null, 2)
      const out = extractFields(Buffer.from(text), trie, paths.length)
      const parsed = JSON.parse(text) as unknown
      const expected = paths.map((p) => {
        // The scanner descends only into objects, like readPath.
        const v = readPath(parsed, p)
        return v !== null && typeof v === 'object' ? (JSON.parse(JSON.stringify(v)) as unknown) : v
      })
      expect(out, text).toEqual(expected)
    }
  })

  it('returns null for what is not a JSON object', () => {
    const trie = buildTrie(['a'])
    for (const bad of ['', '[1,2]', '"s"', '{"a":1', '{"a" 1}', '{"a":1,}x', 'not json', '{"a":"unterminated}']) {
      expect(extractFields(Buffer.from(bad), trie, 1), bad).toBeNull()
    }
  })

  it('returns null when a string inside a skipped value is not closed', () => {
    const trie = buildTrie(['a'])
    for (const bad of ['{"b":{"c":"x}', '{"b":["x]', '{"b":{"c":"\\"}']) {
      expect(extractFields(Buffer.from(bad), trie, 1), bad).toBeNull()
    }
  })
})
