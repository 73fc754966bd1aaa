// A Kafka record held as separate parts, for reader tests that need no record batch around it.
import type { KafkaRecordView } from '../../../orchestrator/tail/record-reader.ts'

export function recordOf(parts: { key?: Buffer | null; value?: Buffer | null; headers?: [Buffer, Buffer | null][] }): KafkaRecordView {
  return {
    key: () => parts.key ?? null,
    value: () => parts.value ?? null,
    header: (name) => parts.headers?.find(([k, v]) => v !== null && k.equals(name))?.[1] ?? null,
  }
}
