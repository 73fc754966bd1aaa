// How far the stores' clocks are from this host's, measured NTP-style (server time against the
// midpoint of the round trip; the best of a few tries). Stage latencies mix clocks — created_at
// is the database's, processed_at the consumer's, Kafka timestamps the producer's or broker's —
// so the report states each offset and its error bar next to the latencies.
import type { Db } from 'mongodb'
import type { PgSnapshot } from './pg-snapshot.ts'

export interface ClockEstimate {
  name: string
  offsetMs: number | null
  roundTripMs: number | null
  note: string
}

async function best(sample: () => Promise<{ server: number; t0: number; t1: number }>, tries = 5): Promise<{ offset: number; rtt: number } | null> {
  let winner: { offset: number; rtt: number } | null = null
  for (let i = 0; i < tries; i++) {
    const { server, t0, t1 } = await sample()
    const rtt = t1 - t0
    const offset = server - (t0 + t1) / 2
    if (!winner || rtt < winner.rtt) winner = { offset, rtt }
  }
  return winner
}

const round = (x: number) => Math.round(x * 1000) / 1000

export async function estimateClocks(pg: PgSnapshot, mongo: Db): Promise<ClockEstimate[]> {
  const out: ClockEstimate[] = []
  try {
    const r = await best(async () => {
      const t0 = performance.timeOrigin + performance.now()
      const { rows } = await pg.query<{ ms: number }>('SELECT (extract(epoch from clock_timestamp()) * 1000)::float8 AS ms')
      const t1 = performance.timeOrigin + performance.now()
      return { server: rows[0]!.ms, t0, t1 }
    })
    out.push({ name: 'postgres', offsetMs: r ? round(r.offset) : null, roundTripMs: r ? round(r.rtt) : null, note: 'clock_timestamp() (microseconds) vs this host: created_at is stamped with this clock' })
  } catch (error) {
    out.push({ name: 'postgres', offsetMs: null, roundTripMs: null, note: `not measured: ${(error as Error).message}` })
  }
  try {
    const r = await best(async () => {
      const t0 = performance.timeOrigin + performance.now()
      const hello = await mongo.admin().command({ hello: 1 })
      const t1 = performance.timeOrigin + performance.now()
      const local = hello.localTime as unknown
      if (!(local instanceof Date)) throw new Error('hello has no localTime')
      return { server: local.getTime(), t0, t1 }
    })
    out.push({ name: 'mongo', offsetMs: r ? round(r.offset) : null, roundTripMs: r ? round(r.rtt) : null, note: 'hello.localTime (milliseconds) vs this host; processed_at is the consumer host clock, not this one' })
  } catch (error) {
    out.push({ name: 'mongo', offsetMs: null, roundTripMs: null, note: `not measured: ${(error as Error).message}` })
  }
  return out
}
