// One consistent, read-only view of Postgres for the whole verification (REPEATABLE READ), read
// through server-side cursors in batches: a million rows never sit in memory at once, and every
// query sees the same committed events.
import pg from 'pg'

export class PgSnapshot {
  #client: pg.Client
  #cursors = 0

  private constructor(client: pg.Client) {
    this.#client = client
  }

  static async open(url: string): Promise<PgSnapshot> {
    const client = new pg.Client({ connectionString: url, application_name: 'eventload-verify' })
    await client.connect()
    try {
      await client.query("SET TimeZone = 'UTC'")
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    return new PgSnapshot(client)
  }

  query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.#client.query<R>(sql, params)
  }

  /** Rows of `sql` in batches of `batch`, through a cursor of this snapshot. */
  async *rows<R extends pg.QueryResultRow>(sql: string, params: unknown[], batch = 5_000): AsyncGenerator<R> {
    const name = `eventload_verify_${++this.#cursors}`
    await this.#client.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params)
    try {
      for (;;) {
        const { rows } = await this.#client.query<R>(`FETCH ${batch} FROM ${name}`)
        for (const row of rows) yield row
        if (rows.length < batch) break
      }
    } finally {
      await this.#client.query(`CLOSE ${name}`).catch(() => undefined)
    }
  }

  async close(): Promise<void> {
    await this.#client.query('COMMIT').catch(() => undefined)
    await this.#client.end()
  }
}
