// Prometheus remote write (protocol 1.0) without dependencies: a protobuf `WriteRequest`
// encoded by hand (three tiny messages) and framed as a snappy *block*. Snappy's format lets
// an encoder emit only literals, which every decoder accepts, so "compression" here is just
// framing; metrics payloads are small and this keeps the code auditable.
//   WriteRequest { repeated TimeSeries timeseries = 1; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms

export interface RemoteWriteSeries {
  labels: Record<string, string>
  samples: { value: number; timestampMs: number }[]
}

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n))
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n))
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

const tag = (field: number, wireType: number) => varint((field << 3) | wireType)
const lengthDelimited = (field: number, body: Buffer) => Buffer.concat([Buffer.from([...tag(field, 2), ...varint(body.length)]), body])
const str = (field: number, s: string) => lengthDelimited(field, Buffer.from(s, 'utf8'))

function sample(value: number, timestampMs: number): Buffer {
  const dbl = Buffer.alloc(8)
  dbl.writeDoubleLE(value)
  return Buffer.concat([Buffer.from(tag(1, 1)), dbl, Buffer.from([...tag(2, 0), ...varint(Math.trunc(timestampMs))])])
}

/** Protobuf bytes of a WriteRequest. Labels are sorted by name, as the spec requires. */
export function encodeWriteRequest(series: RemoteWriteSeries[]): Buffer {
  return Buffer.concat(
    series.map((s) => {
      const labels = Object.entries(s.labels)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => lengthDelimited(1, Buffer.concat([str(1, name), str(2, value)])))
      const samples = s.samples.map((x) => lengthDelimited(2, sample(x.value, x.timestampMs)))
      return lengthDelimited(1, Buffer.concat([...labels, ...samples]))
    }),
  )
}

/** A valid snappy block holding `data` as literal runs (no back-references). */
export function snappyBlockUncompressed(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from(varint(data.length))]
  const MAX = 65536 // keeps the literal length in a 2-byte field
  for (let off = 0; off < data.length; off += MAX) {
    const chunk = data.subarray(off, off + MAX)
    const n = chunk.length - 1
    // tag byte: literal (low bits 00); lengths over 60 follow in 1 or 2 little-endian bytes
    const header = n < 60 ? [n << 2] : n < 256 ? [60 << 2, n] : [61 << 2, n & 0xff, n >> 8]
    parts.push(Buffer.from(header), chunk)
  }
  return Buffer.concat(parts)
}

/** POSTs series to `<prometheusUrl>/api/v1/write`; throws with Prometheus' answer on failure. */
export async function remoteWrite(prometheusUrl: string, series: RemoteWriteSeries[], signal?: AbortSignal): Promise<void> {
  const res = await fetch(`${prometheusUrl.replace(/\/+$/, '')}/api/v1/write`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    },
    body: snappyBlockUncompressed(encodeWriteRequest(series)),
    signal: signal ?? AbortSignal.timeout(10_000),
  })
  if (!res.ok) throw new Error(`remote write answered ${res.status}: ${(await res.text()).trim()}`)
}
