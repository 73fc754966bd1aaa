// The dashboard's live view of MongoDB: once a second, the documents of the run written since
// the last look (by the profile's processed-at field), giving Kafka -> MongoDB and end-to-end
// latency as the run goes, the arrived count and the last few events. The verifier computes
// the authoritative figures after the drain; this is only what the dashboard shows meanwhile.
// When the pipeline keys its documents by the event id, the look is `_id` lookups of the run's
// newly committed ids (verify/arrivals.ts: cost follows the run's rate); otherwise a query on
// the run id, which FerretDB answers by scanning the collection.
import { MongoClient, type Document } from 'mongodb'
import type { Connections } from '../../stack/connections.ts'
import type { PipelineProfile } from '../profile/index.ts'
import type { Arrivals } from '../verify/arrivals.ts'
import { IdSet } from '../verify/id-set.ts'
import { LookupPacer } from './lookup-pacer.ts'
import { LatencyHistogram } from '../stats/histogram.ts'
import type { RecentEvent } from '../stats/pipeline.ts'

const BATCH = 5000
/**
 * `_id` lookups per look: what fits in LOOK_MS at the rate FerretDB just sustained (lookup-pacer.ts),
 * so the watch takes about a quarter of the store's time with PER_ID_CONCURRENCY in flight, at most.
 */
export const LOOK_MS = 250
// Start small and let the pacer grow it: on a store loaded by a 700/s run a first look of 500
// took 5 s (100 lookups/s), during which the live figures stood still.
export const LOOKUP_BUDGET = { min: 50, max: 5_000, initial: 100 }
/** Of each look's budget, ids spread over the ones it cannot reach, for the estimate (arrival-tracker.ts). */
export const SAMPLE = 100
/** First look at an event this long after its created_at; again this long after a miss. */
const FIRST_LOOK_MS = 100
const RETRY_MS = 500

function at(doc: Document, path: string | undefined): unknown {
  if (!path) return undefined
  let v: unknown = doc
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined
  return v
}

function ms(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime()
  if (typeof v === 'string') return Date.parse(v)
  if (typeof v === 'number') return v
  return undefined
}

export class MongoWatch {
  readonly kafkaToMongo = new LatencyHistogram()
  readonly endToEnd = new LatencyHistogram()
  readonly recent: RecentEvent[] = []
  documents = 0
  // Every id of the run, to count each once: compact exact sets, not strings (id-set.ts).
  #seen = new IdSet()
  #docs = new IdSet()
  #arrived = 0
  #since = new Date(0)
  #client: MongoClient
  #timer: NodeJS.Timeout | undefined
  #stopped = false
  #polling: Promise<void> = Promise.resolve()
  readonly #pacer = new LookupPacer({ lookMs: LOOK_MS, ...LOOKUP_BUDGET })
  lastError: string | undefined

  constructor(
    private readonly connections: Pick<Connections, 'mongo'>,
    private readonly profile: PipelineProfile,
    private readonly runId: string,
    private readonly arrivals?: Arrivals,
  ) {
    this.#client = new MongoClient(connections.mongo.url, { appName: 'eventload-dashboard', serverSelectionTimeoutMS: 5000, socketTimeoutMS: 15_000 })
  }

  /** The live view's `_id` lookups per second, lately (its load on the store). */
  lookupsPerSec(now = Date.now()): number {
    return this.#pacer.perSecond(now)
  }

  /** Distinct events of the run seen so far. */
  get arrived(): number {
    return this.#arrived
  }

  /**
   * Polls every `intervalMs`, or less often when a poll is slow: on FerretDB each query scans
   * the collection, and the dashboard must not become load on the pipeline it watches.
   */
  start(intervalMs = 1000): void {
    this.#stopped = false
    const next = () => {
      if (this.#stopped) return
      const t0 = Date.now()
      this.#polling = this.poll().then(() => {
        if (!this.#stopped) this.#timer = setTimeout(next, Math.max(intervalMs, 2 * (Date.now() - t0)))
      })
    }
    this.#timer = setTimeout(next, intervalMs)
  }

  async poll(): Promise<void> {
    const f = this.profile.mongo.fields
    if (!f.processedAt) return
    try {
      if (this.arrivals?.mode === 'ids') {
        // The tracker hands each committed id over once (found ids leave its queue): no second
        // set of every id of the run here.
        const r = await this.arrivals.poll({ budget: this.#pacer.budget, firstLookMs: FIRST_LOOK_MS, retryMs: RETRY_MS, sample: SAMPLE, onDocument: (d) => this.#add(d, false) })
        if (r) this.#pacer.record(r.looked, r.lookupMs, Date.now())
        this.lastError = undefined
        return
      }
      const coll = this.#client.db(this.connections.mongo.database).collection(this.profile.mongo.collection)
      for (;;) {
        const docs = await coll
          .find({ [f.runId]: this.runId, [f.processedAt]: { $gte: this.#since } })
          .sort({ [f.processedAt]: 1 })
          .limit(BATCH)
          .maxTimeMS(10_000)
          .toArray()
        let fresh = 0
        for (const d of docs) if (this.#add(d)) fresh++
        // $gte re-reads the documents stamped with the last time seen; stop when nothing is new.
        if (docs.length < BATCH || fresh === 0) break
      }
      this.lastError = undefined
    } catch (err) {
      this.lastError = (err as Error).message
    }
  }

  #add(d: Document, dedupe = true): boolean {
    const f = this.profile.mongo.fields
    const docId = String(d._id)
    if (dedupe && !this.#docs.add(docId)) return false
    const processed = ms(at(d, f.processedAt))
    if (processed === undefined) return true
    const processedAt = at(d, f.processedAt)
    if (processedAt instanceof Date && processedAt > this.#since) this.#since = processedAt
    const id = String(at(d, f.eventId) ?? d._id)
    this.documents++
    if (dedupe && !this.#seen.add(id)) return true
    this.#arrived++
    const kafkaTs = ms(at(d, f.kafkaTimestamp))
    const created = ms(at(d, f.createdAt))
    if (kafkaTs !== undefined) this.kafkaToMongo.record(processed - kafkaTs)
    if (created !== undefined) this.endToEnd.record(processed - created)
    this.recent.push({ id, type: typeof at(d, f.type ?? 'type') === 'string' ? (at(d, f.type ?? 'type') as string) : '?', where: 'mongo', at: processed, ...(created !== undefined ? { latencyMs: processed - created } : {}) })
    if (this.recent.length > 5) this.recent.shift()
    return true
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    // A poll in flight on a slow database is not worth waiting for: close under it.
    await Promise.race([this.#polling, new Promise((r) => setTimeout(r, 2000).unref())])
    await this.#client.close(true).catch(() => {})
  }
}
