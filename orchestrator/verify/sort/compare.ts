// Key order shared by every sorted stream the verifier merges: UTF-8 byte order, which is what
// Postgres gives for `COLLATE "C"` (and for uuid columns, whose order is their hex text's).
// JavaScript's `<` compares UTF-16 code units, which differs for characters above U+FFFF.

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff

export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(i)
    if (ca === cb) continue
    const sa = isSurrogate(ca)
    const sb = isSurrogate(cb)
    // A surrogate starts a code point above U+FFFF, which sorts after every BMP character.
    if (sa !== sb) return sa ? 1 : -1
    return ca - cb
  }
  return a.length - b.length
}
