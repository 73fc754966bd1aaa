// The ids of a run's committed events, from Postgres, in the form the other streams use (a UUID
// lower-cased), oldest first. All of them (the drain, once the load is over: served by the
// reference table's (run_id, id) index), or those created since a time (the live view; rows
// of the run are re-read from a margin before the newest one seen, and the caller drops ids
// it already knows, so a row that commits a little after a newer one is not lost).
import pg from 'pg'
import type { PipelineProfile } from '../profile/schema.ts'
import { ident, qualifiedTable } from '../profile/sql.ts'
import type { CommittedId } from './arrival-tracker.ts'
import { idExpression } from './postgres-source.ts'

/** How far behind the newest created_at seen `since()` re-reads. */
export const LATE_COMMIT_MARGIN_MS = 30_000

export class CommittedIds {
  #client: pg.Client
  #idExpr: string | undefined
  #newestMs = -Infinity

  private constructor(
    client: pg.Client,
    private readonly profile: PipelineProfile,
    private readonly runId: string,
  ) {
    this.#client = client
  }

  static async open(url: string, profile: PipelineProfile, runId: string): Promise<CommittedIds> {
    const client = new pg.Client({ connectionString: url, application_name: 'eventload-arrivals' })
    await client.connect()
    return new CommittedIds(client, profile, runId)
  }

  async #select(where: string, params: unknown[]): Promise<CommittedId[]> {
    this.#idExpr ??= await idExpression({ query: (sql, p) => this.#client.query(sql, p) }, this.profile)
    const c = this.profile.postgres.columns
    const created = ident(c.createdAt)
    const { rows } = await this.#client.query<{ id: string; ms: number | null }>(
      `SELECT ${this.#idExpr}::text AS id, (extract(epoch from ${created}) * 1000)::float8 AS ms ` +
        `FROM ${qualifiedTable(this.profile)} WHERE ${ident(c.runId)} = $1${where} ORDER BY ${created}`,
      [this.runId, ...params],
    )
    const out = rows.map((r) => ({ id: r.id, createdMs: r.ms ?? 0 }))
    for (const r of out) if (r.createdMs > this.#newestMs) this.#newestMs = r.createdMs
    return out
  }

  /** Every committed event of the run. */
  all(): Promise<CommittedId[]> {
    return this.#select('', [])
  }

  /** Events created from `LATE_COMMIT_MARGIN_MS` before the newest one seen so far (all, the first time). */
  since(): Promise<CommittedId[]> {
    if (this.#newestMs === -Infinity) return this.all()
    return this.#select(` AND ${ident(this.profile.postgres.columns.createdAt)} >= to_timestamp($2::float8 / 1000)`, [this.#newestMs - LATE_COMMIT_MARGIN_MS])
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => undefined)
  }
}
