// `k6/crypto` (the legacy hashing module) on node:crypto. The WebCrypto global `crypto`
// (randomUUID, getRandomValues, subtle) is Node's own, as k6 also has it globally.
import { createHash, createHmac, randomBytes as nodeRandomBytes, type BinaryLike } from 'node:crypto'
import type { ModuleFactory } from '../host.ts'

const ALGORITHMS: Record<string, string> = {
  md4: 'md4',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
  ripemd160: 'ripemd160',
}

function algo(name: unknown): string {
  const a = typeof name === 'string' ? ALGORITHMS[name.replace('-', '_')] : undefined
  if (!a) throw new TypeError(`unsupported hash algorithm ${JSON.stringify(name)} (use ${Object.keys(ALGORITHMS).join(', ')})`)
  return a
}

function data(input: unknown): BinaryLike {
  if (typeof input === 'string') return input
  if (input instanceof ArrayBuffer) return new Uint8Array(input)
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  throw new TypeError('crypto: the input must be a string or an ArrayBuffer')
}

function encode(digest: Buffer, enc: unknown): string | ArrayBuffer {
  switch (enc) {
    case 'hex':
      return digest.toString('hex')
    case 'base64':
      return digest.toString('base64')
    case 'base64url':
      return digest.toString('base64url') + '='.repeat((4 - (digest.toString('base64url').length % 4)) % 4)
    case 'base64rawurl':
      return digest.toString('base64url')
    case 'binary':
    case undefined:
      return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer
    default:
      throw new TypeError(`unsupported output encoding ${JSON.stringify(enc)} (use hex, base64, base64url, base64rawurl or binary)`)
  }
}

class Hasher {
  constructor(private readonly h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>) {}
  update(input: unknown): void {
    this.h.update(data(input))
  }
  digest(enc?: unknown): string | ArrayBuffer {
    return encode(this.h.digest(), enc)
  }
}

export const cryptoModule: ModuleFactory = () => {
  const hashFn = (name: string) => (input: unknown, enc: unknown) => encode(createHash(algo(name)).update(data(input)).digest(), enc)
  const api: Record<string, unknown> = {
    createHash: (name: unknown) => new Hasher(createHash(algo(name))),
    createHMAC: (name: unknown, secret: unknown) => new Hasher(createHmac(algo(name), data(secret))),
    hmac: (name: unknown, secret: unknown, input: unknown, enc: unknown) => encode(createHmac(algo(name), data(secret)).update(data(input)).digest(), enc),
    randomBytes: (n: unknown) => {
      const b = nodeRandomBytes(Number(n))
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
    },
  }
  for (const name of Object.keys(ALGORITHMS)) api[name] = hashFn(name)
  return { ...api, default: api }
}
