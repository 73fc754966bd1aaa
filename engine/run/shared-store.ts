// Per-process resources shared by every VU (connection pools keyed by DSN, Kafka clients):
// created on first use, closed once when the engine ends.
import type { SharedResources } from '../host.ts'

interface Entry {
  value: unknown
  close: (value: unknown) => Promise<void> | void
}

export class SharedStore implements SharedResources {
  readonly #entries = new Map<string, Entry>()

  get<T>(key: string, create: () => T, close: (value: T) => Promise<void> | void): T {
    const hit = this.#entries.get(key)
    if (hit) return hit.value as T
    const value = create()
    this.#entries.set(key, { value, close: close as (v: unknown) => Promise<void> | void })
    return value
  }

  /** Closes everything, newest first; one failing close does not keep the others open. */
  async closeAll(onError: (key: string, err: unknown) => void): Promise<void> {
    const entries = [...this.#entries].reverse()
    this.#entries.clear()
    for (const [key, e] of entries) {
      try {
        await e.close(e.value)
      } catch (err) {
        onError(key, err)
      }
    }
  }
}
