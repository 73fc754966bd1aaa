// A Fetch request whose response keeps each partition's record batches as raw bytes. The
// library's own Fetch API decodes every record into objects (key, value, headers as Buffers,
// bigint offsets) before handing them over; at hundreds of thousands of records a second that
// decoding alone cost more than half the tail's time. Here the library still owns the
// connection (TLS, SASL, correlation ids, timeouts) and writes the request; only the response
// parser is ours, and record batches are decoded lazily by record-batch.ts.
import { createAPI, fetchV13, fetchV14, fetchV15, fetchV16, fetchV17, type Connection, type Reader } from '@platformatic/kafka'

export interface FetchPartitionRequest {
  partition: number
  fetchOffset: bigint
  partitionMaxBytes: number
  currentLeaderEpoch: number
  lastFetchedEpoch: number
}

export interface FetchTopicRequest {
  topicId: string
  partitions: FetchPartitionRequest[]
}

export interface FetchRequest {
  maxWaitMs: number
  minBytes: number
  maxBytes: number
  /** 0 read uncommitted, 1 read committed */
  isolationLevel: number
  topics: FetchTopicRequest[]
}

export interface AbortedTransaction {
  producerId: bigint
  firstOffset: bigint
}

export interface RawFetchPartition {
  partitionIndex: number
  errorCode: number
  highWatermark: bigint
  lastStableOffset: bigint
  logStartOffset: bigint
  abortedTransactions: AbortedTransaction[]
  /** the partition's record batches as sent by the broker (the last one may be cut short), or null */
  records: Buffer | null
}

export interface RawFetchResponse {
  errorCode: number
  responses: { topicId: string; partitions: RawFetchPartition[] }[]
}

/**
 * Fetch v13-v17 responses share one layout (topic ids; later versions add only tagged fields),
 * and so do their requests apart from v13/v14's replica id, which the library's writers handle.
 */
function parseResponse(_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): RawFetchResponse {
  reader.readInt32() // throttle time
  const errorCode = reader.readInt16()
  reader.readInt32() // session id
  const responses = reader.readArray((r) => ({
    topicId: r.readUUID(),
    partitions: r.readArray((p): RawFetchPartition => {
      const partition: RawFetchPartition = {
        partitionIndex: p.readInt32(),
        errorCode: p.readInt16(),
        highWatermark: p.readInt64(),
        lastStableOffset: p.readInt64(),
        logStartOffset: p.readInt64(),
        abortedTransactions: p.readNullableArray((a) => ({ producerId: a.readInt64(), firstOffset: a.readInt64() })) ?? [],
        records: null,
      }
      p.readInt32() // preferred read replica
      // COMPACT_RECORDS: length + 1, 0 for null. One copy at most (when the bytes span several
      // socket chunks); every record is then read in place from this buffer.
      const size = p.readUnsignedVarInt() - 1
      if (size > 0) {
        partition.records = p.buffer.slice(p.position, p.position + size)
        p.skip(size)
      }
      return partition
    }),
  }))
  return { errorCode, responses }
}

type RequestWriter = typeof fetchV17.createRequest
const WRITERS: Record<number, RequestWriter> = {
  13: fetchV13.createRequest, 14: fetchV14.createRequest, 15: fetchV15.createRequest, 16: fetchV16.createRequest, 17: fetchV17.createRequest,
}
export const FETCH_API_KEY = 1
const FETCH_VERSIONS = { min: 13, max: 17 } as const

const apis = new Map<number, ReturnType<typeof makeApi>>()
function makeApi(version: number) {
  return createAPI<Parameters<RequestWriter>, RawFetchResponse>(FETCH_API_KEY, version, WRITERS[version]!, parseResponse)
}

/** The highest Fetch version both sides speak, or a message naming what the broker lacks. */
export function pickFetchVersion(brokerMin: number, brokerMax: number): number | string {
  const v = Math.min(brokerMax, FETCH_VERSIONS.max)
  if (v < FETCH_VERSIONS.min || v < brokerMin) {
    return `the broker speaks Fetch v${brokerMin}-v${brokerMax}; the tail needs v${FETCH_VERSIONS.min}-v${FETCH_VERSIONS.max} (Apache Kafka 3.1 or newer)`
  }
  return v
}

export function rawFetch(connection: Connection, version: number, request: FetchRequest): Promise<RawFetchResponse> {
  let api = apis.get(version)
  if (!api) apis.set(version, (api = makeApi(version)))
  const call = api
  return new Promise((resolve, reject) => {
    call(connection, request.maxWaitMs, request.minBytes, request.maxBytes, request.isolationLevel, 0, -1, request.topics, [], '', (error: Error | null, response?: RawFetchResponse) => {
      if (error || !response) reject(error ?? new Error('fetch: empty response'))
      else resolve(response)
    })
  })
}
