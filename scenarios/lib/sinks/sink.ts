// Where a scenario's events go. Implementations get their client injected (xk6-sql's Database,
// xk6-kafka's Producer, or a Node driver in tests), so the SQL and message shapes are tested on
// real services without k6.

import type { EventRow } from '../events/row.ts'

export interface Sink {
  readonly name: 'postgres' | 'kafka'
  /** Where it writes, safe to print (passwords redacted). */
  readonly target: string
  /** Throws with the fix when the target cannot take events (missing table, no broker). */
  check(): Promise<void>
  /**
   * Writes `rows` in one statement / one produce call. `idempotent` (the catalogue, which every
   * instance of a distributed run writes) must not fail or duplicate when the rows exist already.
   */
  write(rows: EventRow[], opts?: { idempotent?: boolean }): Promise<void>
}
