// The MongoDB-wire service. In order of preference: an external MongoDB (EVENTLOAD_MONGO_URL /
// MONGODB_URI; handled by the stack as "external"), a `mongod` found on PATH, else FerretDB v1
// (built from the Go module proxy) on SQLite or on the stack's own Postgres.
import { mkdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { MongoClient } from 'mongodb'
import { ensureFerretdb, ferretdbCached, ferretdbVersion } from '../artifacts/ferretdb-binary.ts'
import { readPidFile } from '../process/daemon.ts'
import { which } from '../process/which.ts'
import { TOOLS } from '../prereqs.ts'
import type { Health, Prerequisite, StackContext } from '../service.ts'
import { topology, type ServiceName } from '../topology.ts'
import { DaemonService, type LaunchSpec } from './daemon-service.ts'

export const FERRETDB_BACKENDS = ['sqlite', 'postgresql'] as const
export type FerretdbBackend = (typeof FERRETDB_BACKENDS)[number]
/** Chosen by measurement: see docs/benchmarks.md ("stack" section) and bench/mongo-backend.ts. */
export const DEFAULT_FERRETDB_BACKEND: FerretdbBackend = 'sqlite'
export const HEALTH_COLLECTION = 'eventload_health'

export function ferretdbBackend(env: NodeJS.ProcessEnv): FerretdbBackend {
  const raw = env.EVENTLOAD_FERRETDB_BACKEND
  if (!raw) return DEFAULT_FERRETDB_BACKEND
  if ((FERRETDB_BACKENDS as readonly string[]).includes(raw)) return raw as FerretdbBackend
  throw new Error(`EVENTLOAD_FERRETDB_BACKEND: expected one of ${FERRETDB_BACKENDS.join(', ')}, got "${raw}"`)
}

/** Where FerretDB's postgresql backend keeps its data: a database of the stack's own Postgres. */
export function ferretdbPostgresUrl(ctx: StackContext): string {
  const { user, password } = topology.postgres
  return `postgres://${user}:${password}@127.0.0.1:${ctx.options.ports.postgres}/ferretdb`
}

export class MongoService extends DaemonService {
  readonly name = 'mongo' as const
  protected override stopGraceMs = 15_000

  private mongod(ctx: StackContext): string | undefined {
    return which('mongod', ctx.env.PATH)
  }

  override dependsOn(ctx: StackContext): ServiceName[] {
    return !this.mongod(ctx) && ferretdbBackend(ctx.env) === 'postgresql' ? ['postgres'] : []
  }

  protected ports(ctx: StackContext): number[] {
    return [ctx.options.ports.mongo]
  }

  protected url(ctx: StackContext): string {
    return ctx.connections.mongo.url
  }

  prerequisites(ctx: StackContext): Prerequisite[] {
    if (this.mongod(ctx)) return []
    ferretdbBackend(ctx.env) // validate early, before anything starts
    return ferretdbCached(ctx.options.cacheDir) ? [] : [TOOLS.go]
  }

  protected async provision(ctx: StackContext): Promise<void> {
    if (this.mongod(ctx)) {
      mkdirSync(join(this.dataDir(ctx), 'mongod'), { recursive: true })
      return
    }
    await ensureFerretdb(ctx.options.cacheDir, ctx.env, (m) => ctx.log(this.name, m))
    mkdirSync(join(this.dataDir(ctx), 'sqlite'), { recursive: true })
  }

  protected async launch(ctx: StackContext): Promise<LaunchSpec> {
    const port = ctx.options.ports.mongo
    const mongod = this.mongod(ctx)
    if (mongod) {
      ctx.log(this.name, `using mongod from PATH (${mongod})`)
      return {
        command: mongod,
        args: ['--dbpath', join(this.dataDir(ctx), 'mongod'), '--port', String(port), '--bind_ip', '127.0.0.1'],
        env: ctx.env,
      }
    }
    const backend = ferretdbBackend(ctx.env)
    const bin = await ensureFerretdb(ctx.options.cacheDir, ctx.env, (m) => ctx.log(this.name, m))
    ctx.log(this.name, `FerretDB ${ferretdbVersion()} with the ${backend} backend`)
    const backendArgs =
      backend === 'sqlite'
        ? ['--sqlite-url', `file:${join(this.dataDir(ctx), 'sqlite')}/`]
        : ['--postgresql-url', ferretdbPostgresUrl(ctx)]
    return {
      command: bin,
      args: ['--listen-addr', `127.0.0.1:${port}`, '--handler', backend, ...backendArgs, '--log-level', 'error'],
      env: ctx.env,
    }
  }

  async health(ctx: StackContext): Promise<Health> {
    const client = new MongoClient(ctx.connections.mongo.url, {
      serverSelectionTimeoutMS: 2000,
      connectTimeoutMS: 2000,
      appName: 'eventload-stack-health',
    })
    try {
      await client.connect()
      await client.db('admin').command({ ping: 1 })
      const coll = client.db(ctx.connections.mongo.database).collection<{ _id: string; at: Date }>(HEALTH_COLLECTION)
      const _id = `health-${process.pid}-${Date.now()}`
      await coll.insertOne({ _id, at: new Date() })
      const back = await coll.findOne({ _id })
      await coll.deleteOne({ _id })
      if (!back) return { healthy: false, detail: 'inserted health document not found on read' }
      const info = await client.db('admin').command({ buildInfo: 1 })
      return { healthy: true, version: this.describeVersion(ctx, String(info.version)) }
    } catch (err) {
      return { healthy: false, detail: (err as Error).message }
    } finally {
      await client.close().catch(() => undefined)
    }
  }

  private describeVersion(ctx: StackContext, wireVersion: string): string {
    if (ctx.connections.external.mongo) return wireVersion
    const rec = readPidFile(this.pidFile(ctx))
    if (rec && basename(rec.command) === 'mongod') return `mongod ${wireVersion}`
    // the running process's own --handler, not today's env (which may differ since `up`)
    const args = rec ? processArgs(rec.pid) : []
    const at = args.indexOf('--handler')
    const handler = (at >= 0 ? args[at + 1] : undefined) ?? ferretdbBackend(ctx.env)
    return `FerretDB ${ferretdbVersion()}+patches (${handler})`
  }
}

function processArgs(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return []
  }
}
