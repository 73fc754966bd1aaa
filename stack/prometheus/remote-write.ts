// Prometheus remote write (protocol 1.0) without dependencies: a protobuf `WriteRequest`
// encoded by hand (three tiny messages) and framed as a snappy *block*. Snappy's format lets
// an encoder emit only literals, which every decoder accepts, so "compression" here is just
// framing; metrics payloads are small and this keeps the code auditable. Used by the stack's
// tests and by the `--out experimental-prometheus-rw` output (orchestrator/outputs/).
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

/** Reads one protobuf message's fields; only the wire types a WriteRequest uses. */
function* fields(buf: Buffer): Generator<{ field: number; varint?: bigint; bytes?: Buffer }> {
  let pos = 0
  const readVarint = (): bigint => {
    let v = 0n
    for (let shift = 0n; ; shift += 7n) {
      const b = buf[pos++]
      if (b === undefined) throw new Error('truncated protobuf varint')
      v |= BigInt(b & 0x7f) << shift
      if (b < 0x80) return v
    }
  }
  while (pos < buf.length) {
    const key = readVarint()
    const field = Number(key >> 3n)
    const wireType = Number(key & 7n)
    if (wireType === 0) yield { field, varint: readVarint() }
    else if (wireType === 1 || wireType === 2) {
      const len = wireType === 1 ? 8 : Number(readVarint())
      yield { field, bytes: buf.subarray(pos, pos + len) }
      pos += len
    } else throw new Error(`unexpected protobuf wire type ${wireType}`)
  }
}

/** The inverse of encodeWriteRequest (for tests and debugging). */
export function decodeWriteRequest(bytes: Uint8Array): RemoteWriteSeries[] {
  const out: RemoteWriteSeries[] = []
  for (const ts of fields(Buffer.from(bytes))) {
    if (ts.field !== 1 || !ts.bytes) continue
    const series: RemoteWriteSeries = { labels: {}, samples: [] }
    for (const f of fields(ts.bytes)) {
      if (!f.bytes) continue
      if (f.field === 1) {
        const label = ['', '']
        for (const l of fields(f.bytes)) if (l.bytes && (l.field === 1 || l.field === 2)) label[l.field - 1] = l.bytes.toString('utf8')
        series.labels[label[0]!] = label[1]!
      } else if (f.field === 2) {
        const s = { value: 0, timestampMs: 0 }
        for (const x of fields(f.bytes)) {
          if (x.field === 1 && x.bytes) s.value = x.bytes.readDoubleLE(0)
          else if (x.field === 2 && x.varint !== undefined) s.timestampMs = Number(BigInt.asIntN(64, x.varint))
        }
        series.samples.push(s)
      }
    }
    out.push(series)
  }
  return out
}

/** POSTs series to a remote-write endpoint (full URL); throws with the receiver's answer on failure. */
export async function postWriteRequest(url: string, series: RemoteWriteSeries[], signal?: AbortSignal): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    },
    body: snappyBlockUncompressed(encodeWriteRequest(series)),
    signal: signal ?? AbortSignal.timeout(10_000),
  })
  // Prometheus can answer with every rejected series; the first 200 characters say why.
  if (!res.ok) throw new Error(`remote write answered ${res.status}: ${(await res.text()).trim().slice(0, 200)}`)
}

/** POSTs series to `<prometheusUrl>/api/v1/write`. */
export async function remoteWrite(prometheusUrl: string, series: RemoteWriteSeries[], signal?: AbortSignal): Promise<void> {
  await postWriteRequest(`${prometheusUrl.replace(/\/+$/, '')}/api/v1/write`, series, signal)
}
