// Applies stack/migrations/*.sql in name order, each once, recorded in schema_migrations.
// An advisory lock serialises concurrent runners (two `stack up` at once, a test and the CLI).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { REPO_ROOT } from '../options.ts'

export const MIGRATIONS_DIR = join(REPO_ROOT, 'stack', 'migrations')
// Arbitrary constant: "eventload migrations" for pg_advisory_lock.
const LOCK_KEY = 0x6576_6c64

export interface MigrationResult {
  applied: string[]
  alreadyApplied: string[]
}

export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort()
}

export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY])
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version    text        PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    )
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    )
    const result: MigrationResult = { applied: [], alreadyApplied: [] }
    for (const file of migrationFiles(dir)) {
      if (done.has(file)) {
        result.alreadyApplied.push(file)
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(readFileSync(join(dir, file), 'utf8'))
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw new Error(`migration ${file} failed: ${(err as Error).message}`)
      }
      result.applied.push(file)
    }
    return result
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined)
    await client.end()
  }
}
