// Prometheus remote write 1.0 wire format: a snappy-compressed (block format) protobuf
// WriteRequest { repeated TimeSeries timeseries = 1 }, TimeSeries { repeated Label labels = 1;
// repeated Sample samples = 2 }, Label { string name = 1; string value = 2 }, Sample { double
// value = 1; int64 timestamp = 2 (ms) } (prometheus/prompb/types.proto).
import protobuf from 'protobufjs'
import { compress } from 'snappyjs'

const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: { fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } } },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
})
const WriteRequest = root.lookupType('prometheus.WriteRequest')

export interface TimeSeries {
  labels: { name: string; value: string }[]
  samples: { value: number; timestamp: number }[]
}

export function encodeWriteRequest(series: TimeSeries[]): Uint8Array {
  return WriteRequest.encode(WriteRequest.fromObject({ timeseries: series })).finish()
}

export function decodeWriteRequest(bytes: Uint8Array): TimeSeries[] {
  const obj = WriteRequest.toObject(WriteRequest.decode(bytes), { longs: Number, defaults: true }) as { timeseries: TimeSeries[] }
  return obj.timeseries
}

export function snappyBlock(bytes: Uint8Array): Uint8Array {
  return compress(bytes)
}
