// reset-data against the real stack: a TRUNCATE of the source table and a DROP of the pipeline's
// collections leave a running reference processor working (pgoutput sends it a truncate
// message, which it must skip), and the events written afterwards reach MongoDB again.
// It runs on a private pipeline (own table, slot, topic, Mongo database: test/processor/support)
// so the shared stack's data is never touched; the CLI is run only for what deletes nothing:
// the dry run on the shared stack and the refusal for an external URL.
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../stack/options.ts'
import { inventory, resetData, type ResetTarget } from '../../stack/reset-data.ts'
import { loadConnections } from '../../stack/connections.ts'
import { flowEvents } from '../processor/support/workload.ts'
import { counterValue, createPrivatePipeline, waitFor, type PrivatePipeline } from '../processor/support/pipeline.ts'

const FLOWS = 5 // 6 events each: events plus customers, orders, payments, shipments projections

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execa(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'stack', 'cli.ts'), ...args], { cwd: REPO_ROOT, env, reject: false, timeout: 60_000 })

describe('stack reset-data', () => {
  let pipeline: PrivatePipeline
  let target: ResetTarget

  beforeAll(async () => {
    pipeline = await createPrivatePipeline('reset', { quiet: true })
    await pipeline.start()
    const c = loadConnections()
    target = {
      postgres: { url: c.postgres.url, tables: [pipeline.table] },
      mongo: { url: c.mongo.url, database: pipeline.database, collections: ['events', 'customers', 'orders', 'payments', 'shipments'] },
    }
  }, 60_000)
  afterAll(async () => {
    await pipeline?.cleanup()
  }, 60_000)

  const write = async (runId: string, flows: number, from = 0): Promise<string[]> => {
    const events = Array.from({ length: flows }, (_, f) => flowEvents(0, from + f)).flat()
    for (const [seq, e] of events.entries()) {
      await pipeline.pool.query(
        `INSERT INTO ${pipeline.table} (id, run_id, seq, type, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [e.id, runId, seq, e.type, e.aggregate_type, e.aggregate_id, JSON.stringify(e.payload)],
      )
    }
    return events.map((e) => e.id)
  }
  const arrived = async (ids: string[]): Promise<number> =>
    pipeline.mongo.db(pipeline.database).collection('events').countDocuments({ _id: { $in: ids } } as never)

  it('empties the table and drops the collections; the running processor carries on', async () => {
    const before = await write('reset-before', FLOWS)
    expect(await waitFor(async () => (await arrived(before)) === before.length, 30_000)).toBe(true)

    const listed = await inventory(target)
    expect(listed.tables).toEqual([{ name: pipeline.table, rows: before.length }])
    expect(listed.collections.map((c) => c.name).sort()).toEqual(['customers', 'events', 'orders', 'payments', 'shipments'])

    const removed = await resetData(target)
    expect(removed.tables[0]!.rows).toBe(before.length)
    const { rows } = await pipeline.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${pipeline.table}`)
    expect(rows[0]!.n).toBe('0')
    const left = await pipeline.mongo.db(pipeline.database).listCollections({}, { nameOnly: true }).toArray()
    expect(left.map((c) => c.name).filter((n) => target.mongo.collections.includes(n))).toEqual([])

    // The processor got the truncate through logical replication; new events must still flow.
    const after = await write('reset-after', 2, FLOWS)
    expect(await waitFor(async () => (await arrived(after)) === after.length, 30_000)).toBe(true)
    expect(await arrived(before)).toBe(0)
    // the same processor instance relayed both sets: it was not restarted
    expect(await counterValue(pipeline.processor!, 'relayed')).toBeGreaterThanOrEqual(before.length + after.length)
    const again = await inventory(target)
    expect(again.tables).toEqual([{ name: pipeline.table, rows: after.length }])
    expect(again.collections.find((c) => c.name === 'customers')).toBeDefined()
  }, 90_000)

  it('without --yes lists what it would delete, deletes nothing and exits non-zero', async () => {
    const before = await inventory({ ...target, postgres: { ...target.postgres, tables: ['events'] }, mongo: { ...target.mongo, database: loadConnections().mongo.database, collections: ['events'] } })
    const r = await cli(['reset-data'])
    expect(r.exitCode).toBe(2)
    expect(r.stdout).toMatch(/^postgres {2}TRUNCATE table events \(\d+ rows\)$/m)
    expect(r.stdout).toMatch(/kafka +topics kept/)
    expect(r.stderr).toContain('npm run stack -- reset-data --yes')
    const after = await inventory({ ...target, postgres: { ...target.postgres, tables: ['events'] }, mongo: { ...target.mongo, database: loadConnections().mongo.database, collections: ['events'] } })
    // other runs may add rows meanwhile, but nothing was deleted
    expect(after.tables[0]!.rows).toBeGreaterThanOrEqual(before.tables[0]!.rows)
  }, 60_000)

  it('refuses an external Postgres or MongoDB, naming it, without connecting', async () => {
    const r = await cli(['reset-data', '--yes'], { EVENTLOAD_PG_URL: 'postgres://app:s3cret@db.invalid:5432/app' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('only empties the local stack')
    expect(r.stderr).toContain('postgres is external')
    expect(r.stderr).not.toContain('s3cret')
    const m = await cli(['reset-data'], { EVENTLOAD_MONGO_URL: 'mongodb://db.invalid:27017/' })
    expect(m.exitCode).toBe(2)
    expect(m.stderr).toContain('mongo is external')
  }, 60_000)
})
