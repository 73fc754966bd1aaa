// The merge-join is only right if Postgres returns rows in the order the other streams are
// sorted in: ORDER BY ... COLLATE "C" must equal compareKeys (UTF-8 byte order), and uuid order
// must equal the order of their lower-case text.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareKeys } from '../../orchestrator/verify/sort/compare.ts'
import { loadConnections } from '../../stack/connections.ts'

describe('Postgres order = verifier order', () => {
  const client = new pg.Client({ connectionString: loadConnections().postgres.url })
  beforeAll(() => client.connect())
  afterAll(() => client.end())

  it('text COLLATE "C"', async () => {
    const keys = ['b', 'a', 'ab', 'Z', 'é', '\uffff', '😀', 'a😀', '0', '-', 'ord_ff', 'ord_0a', 'A b', 'a-b', 'a_b']
    const { rows } = await client.query<{ k: string }>('SELECT k FROM unnest($1::text[]) AS k ORDER BY k COLLATE "C"', [keys])
    expect(rows.map((r) => r.k)).toEqual([...keys].sort(compareKeys))
  })

  it('uuid', async () => {
    const { rows } = await client.query<{ k: string }>('SELECT gen_random_uuid()::text AS k FROM generate_series(1, 500) ORDER BY gen_random_uuid()')
    const { rows: sorted } = await client.query<{ k: string }>('SELECT k::text FROM unnest($1::uuid[]) AS k ORDER BY k', [rows.map((r) => r.k)])
    expect(sorted.map((r) => r.k)).toEqual(rows.map((r) => r.k).sort(compareKeys))
  })
})
