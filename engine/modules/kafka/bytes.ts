// Byte conversions at the script boundary. xk6-kafka takes key/value as strings (UTF-8) or byte
// arrays and hands consumed bytes back as byte arrays; scripts read them with
// String.fromCharCode(...bytes) or SchemaRegistry.deserialize, which a plain Uint8Array supports.

/** Script value -> Buffer for a key or value; undefined/null mean "no key"/"null value". */
export function toBuffer(value: unknown, what: string): Buffer | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (Array.isArray(value)) {
    const bytes = Buffer.alloc(value.length)
    value.forEach((n, i) => {
      if (typeof n !== 'number') throw new TypeError(`${what}: expected numeric byte at index ${i}, got ${typeof n}`)
      bytes[i] = n
    })
    return bytes
  }
  throw new TypeError(
    `${what}: expected a string or bytes (Uint8Array, ArrayBuffer, number[]), got ${typeof value}: serialize objects with SchemaRegistry.serialize({ data, schemaType: SCHEMA_TYPE_JSON })`,
  )
}

/** Header value -> Buffer: xk6-kafka formats scalars with Go's %v; bytes pass through. */
export function headerToBuffer(value: unknown, name: string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return Buffer.from(String(value), 'utf8')
  }
  const bytes = toBuffer(value, `header "${name}"`)
  return bytes ?? Buffer.alloc(0)
}

/** Buffer -> plain Uint8Array (a copy: a Buffer's toString() would decode text k6 does not). */
export function toScriptBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf)
}

/** Bytes handed back by a script (Uint8Array, ArrayBuffer, number[]) or a string -> Buffer. */
export function fromScriptBytes(value: unknown, what: string): Buffer {
  return toBuffer(value, what) ?? Buffer.alloc(0)
}
