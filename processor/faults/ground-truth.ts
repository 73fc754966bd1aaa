// The ground-truth log: one JSON line per injected fault, so a test knows exactly what the
// verifier must find. Lines are written before the MongoDB write they describe (a crash
// between the two cannot hide a fault), and each (class, event, document) is written once,
// across replays and restarts, because the file's existing lines are loaded at start.
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'

export type FaultClass = 'drop' | 'duplicate' | 'corrupt' | 'delay' | 'reorder' | 'phantom'

export interface GroundTruthRecord {
  readonly class: FaultClass
  /** the event the fault concerns; for `phantom`, the id of the event that never existed */
  readonly event_id: string
  readonly run_id: string | null
  readonly details: Record<string, unknown>
}

/**
 * One line per (class, event, subject). The subject tells apart several faults of one class
 * on one event: a duplicated event's two documents are both delayed (`document_id`), and an
 * event that feeds two projections can be reordered in both (`collection`/`entity_id`).
 */
export function recordKey(r: Pick<GroundTruthRecord, 'class' | 'event_id' | 'details'>): string {
  const d = r.details
  const subject =
    typeof d.document_id === 'string' ? d.document_id : typeof d.collection === 'string' ? `${d.collection}/${String(d.entity_id)}` : ''
  return `${r.class}\u0000${r.event_id}\u0000${subject}`
}

export class GroundTruthLog {
  readonly #path: string
  readonly #written = new Set<string>()

  private constructor(path: string) {
    this.#path = path
  }

  static async open(path: string): Promise<GroundTruthLog> {
    const log = new GroundTruthLog(path)
    await mkdir(dirname(path), { recursive: true })
    let existing = ''
    try {
      existing = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    for (const [i, line] of existing.split('\n').entries()) {
      if (!line.trim()) continue
      try {
        log.#written.add(recordKey(JSON.parse(line) as GroundTruthRecord))
      } catch {
        throw new Error(`${path}:${i + 1} is not a ground-truth JSON line; move the file away or pass another --fault-log`)
      }
    }
    return log
  }

  get path(): string {
    return this.#path
  }

  /** Appends the records not written before; resolves with them once they are in the file. */
  async append(records: readonly GroundTruthRecord[]): Promise<GroundTruthRecord[]> {
    const fresh: GroundTruthRecord[] = []
    for (const r of records) {
      const key = recordKey(r)
      if (this.#written.has(key)) continue
      this.#written.add(key)
      fresh.push(r)
    }
    if (fresh.length === 0) return fresh
    try {
      await appendFile(this.#path, fresh.map((r) => JSON.stringify(r) + '\n').join(''))
    } catch (error) {
      for (const r of fresh) this.#written.delete(recordKey(r))
      throw error
    }
    return fresh
  }
}
