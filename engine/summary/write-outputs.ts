// Writes handleSummary()'s returned map as k6 does: "stdout"/"stderr" to the streams, any
// other key to that file (relative to the working directory, overwritten), strings or
// ArrayBuffers.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export interface SummaryStreams {
  stdout(text: string): void
  stderr(text: string): void
}

function toBuffer(v: unknown, key: string): Buffer | string {
  if (typeof v === 'string') return v
  if (v instanceof ArrayBuffer) return Buffer.from(v)
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  throw new TypeError(`handleSummary(): the value for ${JSON.stringify(key)} must be a string or an ArrayBuffer`)
}

export function writeSummaryOutputs(result: Record<string, unknown>, streams: SummaryStreams, cwd = process.cwd()): void {
  for (const [key, value] of Object.entries(result)) {
    const body = toBuffer(value, key)
    if (key === 'stdout') streams.stdout(body.toString())
    else if (key === 'stderr') streams.stderr(body.toString())
    else {
      const path = resolve(cwd, key)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, body)
    }
  }
}
