// Follows a file another process appends to (k6's --out json file), handing each new chunk to
// `onChunk`. Polling, because fs.watch is unreliable on some filesystems and this needs no
// precision beyond the 200 ms k6 flushes at.
import { open, type FileHandle } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'

export class FileFollower {
  #offset = 0
  #timer: NodeJS.Timeout | undefined
  #reading: Promise<void> = Promise.resolve()
  #handle: FileHandle | undefined
  // A UTF-8 character may straddle two reads.
  readonly #decoder = new StringDecoder('utf8')

  constructor(
    private readonly path: string,
    private readonly onChunk: (text: string) => void,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.#reading = this.#reading.then(() => this.#readNew())
    }, this.intervalMs)
  }

  /** Stops polling after reading what the file holds now. */
  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#reading = this.#reading.then(() => this.#readNew())
    await this.#reading
    await this.#handle?.close()
    this.#handle = undefined
  }

  async #readNew(): Promise<void> {
    try {
      this.#handle ??= await open(this.path, 'r')
    } catch {
      return // not created yet
    }
    const buf = Buffer.alloc(1 << 20)
    for (;;) {
      const { bytesRead } = await this.#handle.read(buf, 0, buf.length, this.#offset)
      if (bytesRead === 0) return
      this.#offset += bytesRead
      this.onChunk(this.#decoder.write(buf.subarray(0, bytesRead)))
    }
  }
}
