// k6's open(): init context only; paths relative to the script; read once per process (k6
// keeps opened files in memory too) and handed to every VU.
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'

const cache = new Map<string, Buffer>()

export function openFile(scriptPath: string, inInit: boolean, path: unknown, mode?: unknown): string | ArrayBuffer {
  if (!inInit) throw new Error('open() can only be called in the init context (outside the exported functions)')
  if (typeof path !== 'string' || path === '') throw new TypeError('open(path, mode?): path must be a non-empty string')
  const abs = isAbsolute(path) ? path : resolve(dirname(scriptPath), path)
  let data = cache.get(abs)
  if (!data) {
    try {
      data = readFileSync(abs)
    } catch (err) {
      throw new Error(`open(${JSON.stringify(path)}): ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file ${abs}` : (err as Error).message}`)
    }
    cache.set(abs, data)
  }
  if (mode === 'b') return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer
  if (mode !== undefined && mode !== null && mode !== '') throw new TypeError(`open(): mode must be "b" (binary) or omitted, got ${JSON.stringify(mode)}`)
  return data.toString('utf8')
}
