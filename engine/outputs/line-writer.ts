// A line sink for file outputs: a path, "-" for stdout, gzip for names ending in .gz.
import { createWriteStream, type WriteStream } from 'node:fs'
import { createGzip, type Gzip } from 'node:zlib'
import type { Writable } from 'node:stream'

export class LineWriter {
  readonly #out: Writable
  readonly #file: WriteStream | undefined
  readonly #gzip: Gzip | undefined

  constructor(readonly target: string) {
    if (target === '' || target === '-') {
      this.#out = process.stdout
      return
    }
    this.#file = createWriteStream(target)
    if (target.endsWith('.gz')) {
      this.#gzip = createGzip()
      this.#gzip.pipe(this.#file)
      this.#out = this.#gzip
    } else this.#out = this.#file
  }

  write(text: string): void {
    if (text !== '') this.#out.write(text)
  }

  async close(): Promise<void> {
    if (!this.#file) return
    const file = this.#file
    await new Promise<void>((resolve, reject) => {
      file.once('error', reject)
      file.once('close', () => resolve())
      if (this.#gzip) this.#gzip.end()
      else file.end()
    })
  }
}
