// The stack's MongoDB-wire service (FerretDB unless a mongod or external MongoDB is configured)
// through the official driver: insert/read, and the pipeline's write pattern — bulkWrite
// upserts by event id, including a redelivered batch that matches existing documents (which
// hung unpatched FerretDB 1.24; see stack/ferretdb/patches.ts).
import { randomUUID } from 'node:crypto'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConnections } from '../../stack/connections.ts'

const conn = loadConnections().mongo
const client = new MongoClient(conn.url, { serverSelectionTimeoutMS: 5000 })
const collName = `stack_test_${randomUUID().slice(0, 8)}`

beforeAll(async () => {
  await client.connect()
})
afterAll(async () => {
  await client.db(conn.database).collection(collName).drop().catch(() => undefined)
  await client.close()
})

describe('mongo (local stack)', () => {
  it('inserts a document and reads it back', async () => {
    const coll = client.db(conn.database).collection<{ _id: string; nested: { n: number }; at: Date }>(collName)
    const doc = { _id: randomUUID(), nested: { n: 7 }, at: new Date('2026-01-02T03:04:05.678Z') }
    await coll.insertOne(doc)
    expect(await coll.findOne({ _id: doc._id })).toEqual(doc)
  })

  it('upserts batches by _id, and a redelivered batch neither hangs nor duplicates', async () => {
    const coll = client.db(conn.database).collection<{ _id: string; seq: number }>(collName)
    const docs = Array.from({ length: 200 }, (_, seq) => ({ _id: randomUUID(), seq }))
    const upserts = (ds: typeof docs) =>
      ds.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $setOnInsert: { seq: d.seq } }, upsert: true } }))
    const first = await coll.bulkWrite(upserts(docs), { ordered: false, timeoutMS: 30_000 })
    expect(first.upsertedCount).toBe(200)
    const again = await coll.bulkWrite(upserts(docs), { ordered: false, timeoutMS: 30_000 })
    expect(again.upsertedCount).toBe(0)
    expect(again.matchedCount).toBe(200)
    expect(await coll.countDocuments({ _id: { $in: docs.map((d) => d._id) } })).toBe(200)
  })
})
