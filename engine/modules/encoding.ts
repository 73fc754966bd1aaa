// `k6/encoding`: b64encode/b64decode with k6's four alphabets (std, rawstd, url, rawurl).
import type { ModuleFactory } from '../host.ts'

type Alphabet = 'std' | 'rawstd' | 'url' | 'rawurl'

function toBuffer(input: unknown): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8')
  if (input instanceof ArrayBuffer) return Buffer.from(input)
  if (ArrayBuffer.isView(input)) return Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  throw new TypeError('b64encode: the input must be a string or an ArrayBuffer')
}

function alphabet(enc: unknown): Alphabet {
  if (enc === undefined || enc === null || enc === '') return 'std'
  if (enc === 'std' || enc === 'rawstd' || enc === 'url' || enc === 'rawurl') return enc
  throw new TypeError(`unknown base64 encoding ${JSON.stringify(enc)} (use std, rawstd, url or rawurl)`)
}

export function b64encode(input: unknown, encoding?: unknown): string {
  const a = alphabet(encoding)
  const buf = toBuffer(input)
  const s = a === 'url' || a === 'rawurl' ? buf.toString('base64url') : buf.toString('base64')
  if (a === 'url') return s + '='.repeat((4 - (s.length % 4)) % 4)
  if (a === 'rawstd') return s.replace(/=+$/, '')
  return s
}

export function b64decode(input: unknown, encoding?: unknown, format?: unknown): ArrayBuffer | string {
  if (typeof input !== 'string') throw new TypeError('b64decode: the input must be a string')
  const a = alphabet(encoding)
  const buf = Buffer.from(input, a === 'url' || a === 'rawurl' ? 'base64url' : 'base64')
  if (format === 's') return buf.toString('utf8')
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
}

export const encodingModule: ModuleFactory = () => {
  const api = { b64encode, b64decode }
  return { ...api, default: api }
}
