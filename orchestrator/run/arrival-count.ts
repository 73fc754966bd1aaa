// The run's count of events in MongoDB, shared by the live view (MongoWatch) and the drain, so
// ids the live view already found are not looked up again. By `_id` lookups of the committed
// ids when the probe showed the pipeline keys documents by the event id (cost follows the run),
// else by the run id (on FerretDB a scan of the whole collection per count).
import { MongoClient } from 'mongodb'
import type { Connections } from '../../stack/connections.ts'
import type { PipelineProfile } from '../profile/index.ts'
import type { Arrivals } from '../verify/arrivals.ts'
import { loadVerifier } from './pipeline.ts'

export interface RunArrivals {
  arrivals: Arrivals
  close(): Promise<void>
}

/** Undefined when it cannot be set up (the drain then counts by run id, as before); says why. */
export async function openRunArrivals(o: {
  connections: Connections
  profile: PipelineProfile
  runId: string
  /** what the probe found (or the profile's event id field is `_id`) */
  idIsEventId: boolean
  log: (line: string) => void
}): Promise<RunArrivals | undefined> {
  const client = new MongoClient(o.connections.mongo.url, { appName: 'eventload-arrivals', serverSelectionTimeoutMS: 5_000 })
  try {
    const verifier = await loadVerifier()
    const arrivals = await verifier.openArrivals({ connections: o.connections, profile: o.profile, runId: o.runId, client, idIsEventId: o.idIsEventId, log: o.log })
    return {
      arrivals,
      async close() {
        await arrivals.close()
        await client.close().catch(() => undefined)
      },
    }
  } catch (err) {
    o.log(`arrivals: cannot look events up by id (${(err as Error).message}); counting them by run id`)
    await client.close().catch(() => undefined)
    return undefined
  }
}

export function idIsEventId(profile: PipelineProfile, probe: { idIsEventId: boolean } | undefined): boolean {
  return profile.mongo.fields.eventId === '_id' || probe?.idIsEventId === true
}
