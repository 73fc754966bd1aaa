// Compares two V8 heap snapshots (.heapsnapshot, e.g. from `--heapsnapshot-signal`) by
// constructor: how many objects and how many bytes (self size) of each kind were reachable
// in each, sorted by growth. Used with bench/processor-memory.ts to see what a leak is made of.
//
//   npx tsx bench/heap-diff.ts <first.heapsnapshot> <second.heapsnapshot> [--top 25]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
  strings: string[]
}

interface Totals {
  count: number
  bytes: number
}

/** Objects and self bytes per "type:name" (constructor name for objects, "(string)" etc. for the rest). */
export function totalsByConstructor(file: string): Map<string, Totals> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot
  const fields = snap.snapshot.meta.node_fields
  const width = fields.length
  const typeAt = fields.indexOf('type')
  const nameAt = fields.indexOf('name')
  const sizeAt = fields.indexOf('self_size')
  const types = snap.snapshot.meta.node_types[0]
  const out = new Map<string, Totals>()
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!
    // Strings, numbers and code are grouped by type; objects and closures by constructor name.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type}:${snap.strings[snap.nodes[i + nameAt]!]}` : `(${type})`
    const t = out.get(key) ?? { count: 0, bytes: 0 }
    t.count++
    t.bytes += snap.nodes[i + sizeAt]!
    out.set(key, t)
  }
  return out
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } })
if (positionals.length !== 2) {
  process.stderr.write('usage: npx tsx bench/heap-diff.ts <first.heapsnapshot> <second.heapsnapshot> [--top 25]\n')
  process.exit(2)
}
const [a, b] = positionals.map(totalsByConstructor) as [Map<string, Totals>, Map<string, Totals>]
const rows = [...new Set([...a.keys(), ...b.keys()])].map((key) => {
  const x = a.get(key) ?? { count: 0, bytes: 0 }
  const y = b.get(key) ?? { count: 0, bytes: 0 }
  return { key, count: [x.count, y.count], kb: [Math.round(x.bytes / 1024), Math.round(y.bytes / 1024)], growthKb: Math.round((y.bytes - x.bytes) / 1024) }
})
rows.sort((p, q) => q.growthKb - p.growthKb)
const sum = (m: Map<string, Totals>) => Math.round([...m.values()].reduce((s, t) => s + t.bytes, 0) / 1_048_576)
process.stdout.write(`total self size: ${sum(a)} MB -> ${sum(b)} MB\n`)
process.stdout.write('growth KB | KB first -> second | objects first -> second | constructor\n')
for (const r of rows.slice(0, Number(values.top))) {
  process.stdout.write(`${String(r.growthKb).padStart(9)} | ${r.kb[0]} -> ${r.kb[1]} | ${r.count[0]} -> ${r.count[1]} | ${r.key}\n`)
}
