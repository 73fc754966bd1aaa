// bench/harness-limits.ts's pieces that decide whether the two sides measure the same thing: the
// INSERT in its pgbench form (`:name`, one `$n` per occurrence, as pgbench numbers them) and in
// its node form, and the statistics the table reports.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeHeader } from '../../bench/catalog.ts'
import { median, percentile } from '../../bench/harness/measure.ts'
import { insertStatement } from '../../bench/harness/postgres.ts'

describe('insertStatement', () => {
  it('numbers every variable occurrence and leaves the casts alone', () => {
    const s = insertStatement('bench_events_1', 1)
    expect(s.names).toEqual(['run', 'seq', 'type', 'atype', 'agg', 'payload'])
    expect(s.node).toContain('VALUES (gen_random_uuid(), $1, $2::bigint, $3, $4, $5, $6::jsonb, now())')
    expect(s.node).not.toMatch(/(?<!:):[a-z]/)
    expect(s.pgbench).toContain(':payload::jsonb')
  })

  it('writes one tuple per row, each with its own placeholders', () => {
    const s = insertStatement('bench_events_1', 3)
    expect(s.names).toHaveLength(18)
    expect(s.node.match(/\(gen_random_uuid\(\)/g)).toHaveLength(3)
    expect(s.node).toContain('$13, $14::bigint')
    expect(s.node.match(/\$\d+/g)!.map((p) => Number(p.slice(1)))).toEqual(Array.from({ length: 18 }, (_, i) => i + 1))
  })

  it('refuses a batch pgbench cannot bind and a table name that is not plain', () => {
    expect(() => insertStatement('bench_events_1', 43)).toThrow(/--batch: 1\.\.42 rows per statement/)
    expect(() => insertStatement('events; drop', 1)).toThrow(/not a plain table name/)
  })
})

describe('statistics', () => {
  it('takes nearest-rank percentiles and the median', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(xs, 50)).toBe(50)
    expect(percentile(xs, 99)).toBe(99)
    expect(percentile([7], 99)).toBe(7)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
  })
})

it('is listed by npm run bench with the first sentence of its header', () => {
  const header = describeHeader(readFileSync(new URL('../../bench/harness-limits.ts', import.meta.url), 'utf8'))
  expect(header).toBe("The load generator's limits side by side with pgbench and Kafka's ProducerPerformance, in one run")
})
