// Every finding goes to findings.jsonl as it is found (constant memory, however many there are);
// verification.json keeps per-check counts and the first `sampleSize` findings of each check.
import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import type { CheckName, Finding, FindingClass } from './result-schema.ts'

export class FindingSink {
  readonly #out: WriteStream | null
  readonly #samples = new Map<CheckName, Finding[]>()
  readonly #perCheck = new Map<CheckName, number>()
  readonly #primaryPerCheck = new Map<CheckName, number>()
  readonly #perClass = new Map<FindingClass, number>()
  #error: Error | null = null

  constructor(
    path: string | null,
    readonly sampleSize: number,
  ) {
    this.#out = path ? createWriteStream(path) : null
    this.#out?.on('error', (e) => (this.#error ??= e))
  }

  async add(f: Finding): Promise<void> {
    if (this.#error) throw this.#error
    this.#perCheck.set(f.check, (this.#perCheck.get(f.check) ?? 0) + 1)
    if (!f.cause) this.#primaryPerCheck.set(f.check, (this.#primaryPerCheck.get(f.check) ?? 0) + 1)
    this.#perClass.set(f.class, (this.#perClass.get(f.class) ?? 0) + 1)
    const samples = this.#samples.get(f.check) ?? []
    if (samples.length < this.sampleSize) {
      samples.push(f)
      this.#samples.set(f.check, samples)
    }
    if (this.#out && !this.#out.write(JSON.stringify(f) + '\n')) await once(this.#out, 'drain')
  }

  count(check: CheckName): number {
    return this.#perCheck.get(check) ?? 0
  }

  /** Findings of the check that no other finding explains. */
  primary(check: CheckName): number {
    return this.#primaryPerCheck.get(check) ?? 0
  }

  samples(check: CheckName): Finding[] {
    return this.#samples.get(check) ?? []
  }

  perClass(): Record<string, number> {
    return Object.fromEntries([...this.#perClass].sort(([a], [b]) => (a < b ? -1 : 1)))
  }

  async close(): Promise<void> {
    if (!this.#out) return
    this.#out.end()
    if (!this.#out.writableFinished) await once(this.#out, 'finish')
    if (this.#error) throw this.#error
  }
}
