// The Postgres half of bench/harness-limits.ts: a private copy of the events table, the INSERT
// both sides run, and pgbench running it.
//
// The table is `bench_events_<pid>`, created LIKE events (same columns, defaults and indexes)
// and checked to be in no publication: rows in the shared `events` table would be shipped to
// Kafka by the reference processor. Both sides send the same statement through the extended
// protocol (pgbench -M extended; node-postgres' unnamed statements), with the same values as
// parameters. id and scheduled_at are computed by the server in both, since pgbench has no way
// to make a uuid or a timestamp on the client.
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import type { PgRow } from './records.ts'
import { percentile, timed, type ClientRun } from './measure.ts'

const run = promisify(execFile)

export interface InsertStatement {
  /** pgbench form: `:name` variables. */
  pgbench: string
  /** node form: `$n` placeholders, one per variable occurrence (as pgbench numbers them). */
  node: string
  /** The variable bound to each `$n`, in order. */
  names: string[]
  rows: number
}

/** The random variables both sides draw per row (pgbench `\set`, the k6 script Math.random). */
export const RANDOM_VARS = { seq: 1_000_000_000, agg: 100_000 } as const

const VARS_PER_ROW = 6
// pgbench's MAX_ARGS is 256, the SQL text included.
const PGBENCH_MAX_VARS = 255

/** A `rows`-row INSERT shaped like the scenarios' Postgres sink (scenarios/lib/sinks/postgres.ts). */
export function insertStatement(table: string, rows: number): InsertStatement {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a plain table name: ${table}`)
  if (!Number.isInteger(rows) || rows < 1 || rows * VARS_PER_ROW > PGBENCH_MAX_VARS) {
    throw new Error(`--batch: 1..${Math.floor(PGBENCH_MAX_VARS / VARS_PER_ROW)} rows per statement (pgbench binds at most ${PGBENCH_MAX_VARS} variables per statement), got ${rows}`)
  }
  const tuple = '(gen_random_uuid(), :run, :seq::bigint, :type, :atype, :agg, :payload::jsonb, now())'
  const pgbench = `INSERT INTO ${table} (id, run_id, seq, type, aggregate_type, aggregate_id, payload, scheduled_at) VALUES ${Array(rows).fill(tuple).join(', ')}`
  const names: string[] = []
  // `::jsonb` is a cast, not a variable: a name counts only after a single colon.
  const node = pgbench.replace(/(?<!:):([a-z]+)/g, (_, name: string) => {
    names.push(name)
    return `$${names.length}`
  })
  return { pgbench, node, names, rows }
}

export class PrivateTable {
  private constructor(
    readonly name: string,
    private readonly client: pg.Client,
  ) {}

  static async create(url: string): Promise<PrivateTable> {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const name = `bench_events_${process.pid}`
    try {
      await client.query(`DROP TABLE IF EXISTS ${name}`)
      await client.query(`CREATE TABLE ${name} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`)
      // A FOR ALL TABLES publication would take this table too; then the relay would ship our rows.
      const published = await client.query<{ pubname: string }>('SELECT pubname FROM pg_publication_tables WHERE schemaname = current_schema() AND tablename = $1', [name])
      if (published.rows.length > 0) {
        throw new Error(`${name} is in publication(s) ${published.rows.map((r) => r.pubname).join(', ')}; the bench will not write rows a processor would ship`)
      }
    } catch (error) {
      await client.query(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined)
      await client.end()
      throw error
    }
    return new PrivateTable(name, client)
  }

  /** Empties the table, so each measurement starts from the same size. */
  async reset(): Promise<void> {
    await this.client.query(`TRUNCATE ${this.name}`)
  }

  async count(): Promise<number> {
    const r = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.name}`)
    return Number(r.rows[0]!.n)
  }

  async drop(): Promise<void> {
    try {
      await this.client.query(`DROP TABLE IF EXISTS ${this.name}`)
    } finally {
      await this.client.end()
    }
  }
}

export interface PgbenchOptions {
  url: string
  statement: InsertStatement
  row: PgRow
  runId: string
  clients: number
  threads: number
  seconds: number
  signal: AbortSignal
}

/** libpq connection settings from the URL; the password goes in PGPASSWORD, not on the command line. */
function libpqArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url)
  const env: NodeJS.ProcessEnv = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }
  const sslmode = u.searchParams.get('sslmode')
  if (sslmode) env.PGSSLMODE = sslmode
  const args = ['-h', u.hostname.replace(/^\[|\]$/g, ''), '-p', u.port || '5432', '-U', decodeURIComponent(u.username)]
  return { args: [...args, decodeURIComponent(u.pathname.slice(1))], env }
}

/** pgbench with `clients` connections for `seconds`, each transaction the statement; rows/s and latency from its per-transaction log. */
export async function pgbench(o: PgbenchOptions): Promise<ClientRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pgbench-'))
  try {
    const script = join(dir, 'insert.sql')
    writeFileSync(script, `\\set seq random(1, ${RANDOM_VARS.seq})\n\\set agg random(1, ${RANDOM_VARS.agg})\n${o.statement.pgbench};\n`)
    const conn = libpqArgs(o.url)
    const args = [
      '-n', '-M', 'extended', '-c', String(o.clients), '-j', String(o.threads), '-T', String(o.seconds), '-f', script,
      '-D', `run=${o.runId}`, '-D', `type=${o.row.type}`, '-D', `atype=${o.row.aggregateType}`, '-D', `payload=${o.row.payload}`,
      '-l', `--log-prefix=${join(dir, 'tx')}`, ...conn.args,
    ]
    const { stdout, cpu } = await timed('pgbench', args, { env: conn.env, signal: o.signal, timeoutMs: (o.seconds + 60) * 1000 })
    const field = (re: RegExp) => {
      const m = re.exec(stdout)
      if (!m) throw new Error(`pgbench output has no ${String(re)}:\n${stdout}`)
      return Number(m[1])
    }
    const processed = field(/number of transactions actually processed: (\d+)/)
    const failed = /number of failed transactions: (\d+)/.exec(stdout)
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} failed transactions:\n${stdout}`)
    const tps = field(/tps = ([\d.]+) \(without initial connection time\)/)
    // Log line: client_id transaction_no latency_us script_no epoch_s epoch_us
    const latenciesMs: number[] = []
    for (const f of readdirSync(dir).filter((n) => n.startsWith('tx.'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const us = line.split(' ')[2]
        if (us !== undefined) latenciesMs.push(Number(us) / 1000)
      }
    }
    if (latenciesMs.length !== processed) throw new Error(`pgbench logged ${latenciesMs.length} transactions but reported ${processed}`)
    latenciesMs.sort((a, b) => a - b)
    return {
      rowsPerS: tps * o.statement.rows,
      rows: processed * o.statement.rows,
      p50Ms: percentile(latenciesMs, 50),
      p99Ms: percentile(latenciesMs, 99),
      clientCpuCores: cpu.cores,
      cpuUsPerRow: ((cpu.userS + cpu.sysS) / (processed * o.statement.rows)) * 1e6,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs pgbench without measuring, to show it can talk to this server (e.g. a v15 client, a v17 server). */
export async function pgbenchVersions(url: string): Promise<{ client: string; server: string }> {
  const client = (await run('pgbench', ['--version'])).stdout.trim()
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return { client, server: (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v }
  } finally {
    await c.end()
  }
}
