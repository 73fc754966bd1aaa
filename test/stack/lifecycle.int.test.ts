// An ISOLATED stack (temp state dir, free ports) brought up and down through the real CLI,
// beside the shared stack that other integration tests use: `up` is idempotent, `status`
// reports every service healthy, and `down` leaves no process and no listening port behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { down } from '../../stack/index.ts'
import { REPO_ROOT } from '../../stack/options.ts'
import type { PidRecord } from '../../stack/process/daemon.ts'
import { procInfo, serviceProcesses, type ProcInfo } from '../../stack/process/tree.ts'
import { freePort, isPortFree } from '../../stack/process/ports.ts'
import type { ServiceStatus } from '../../stack/service.ts'

const SERVICES = ['postgres', 'kafka', 'mongo', 'prometheus']
const stateDir = mkdtempSync(join(tmpdir(), 'eventload-isolated-'))
const emptyConfig = join(stateDir, 'no-connections.json')
writeFileSync(emptyConfig, '{}')

const ports = {
  EVENTLOAD_PG_PORT: await freePort(),
  EVENTLOAD_KAFKA_PORT: await freePort(),
  EVENTLOAD_KAFKA_CONTROLLER_PORT: await freePort(),
  EVENTLOAD_MONGO_PORT: await freePort(),
  EVENTLOAD_PROMETHEUS_PORT: await freePort(),
  EVENTLOAD_PROCESSOR_METRICS_PORT: await freePort(),
}
// Only local-stack settings: no external URL may leak in from the caller's environment.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^EVENTLOAD_|^MONGODB_URI$/.test(k)),
)
Object.assign(env, { EVENTLOAD_STATE_DIR: stateDir, EVENTLOAD_CONFIG: emptyConfig }, Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])))

const cli = (...args: string[]) =>
  execa(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'stack', 'cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env,
    extendEnv: false,
    reject: false,
    timeout: 240_000,
  })

function pidRecords(): PidRecord[] {
  const dir = join(stateDir, 'run')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as PidRecord)
}

afterAll(async () => {
  // on failure, leave nothing running; a no-op after a successful `down`
  await down(SERVICES as never, { env, log: () => undefined }).catch(() => undefined)
  rmSync(stateDir, { recursive: true, force: true })
}, 120_000)

describe('isolated stack lifecycle (real CLI)', () => {
  let groups: number[] = []

  it('up starts every service healthy on the overridden ports', async () => {
    const r = await cli('up', ...SERVICES)
    expect(r.exitCode, r.stderr).toBe(0)
    const st = await cli('status', '--json', ...SERVICES)
    expect(st.exitCode, st.stdout + st.stderr).toBe(0)
    const rows = JSON.parse(st.stdout) as ServiceStatus[]
    expect(rows.map((x) => [x.service, x.healthy, x.mode])).toEqual(SERVICES.map((s) => [s, true, 'local']))
    expect(rows.find((x) => x.service === 'postgres')?.url).toBe(`postgres://eventload:***@127.0.0.1:${ports.EVENTLOAD_PG_PORT}/eventload`)
    for (const p of Object.values(ports).filter((p) => p !== ports.EVENTLOAD_PROCESSOR_METRICS_PORT)) {
      expect(await isPortFree(p), `port ${p} should be listening`).toBe(false)
    }
    groups = pidRecords().map((r) => r.pid)
    expect(groups).toHaveLength(SERVICES.length)
  })

  it('a second up reports "already running" and starts nothing new', async () => {
    const r = await cli('up', ...SERVICES)
    expect(r.exitCode, r.stderr).toBe(0)
    for (const s of SERVICES) expect(r.stderr).toMatch(new RegExp(`^${s}\\s+already running$`, 'm'))
    expect(pidRecords().map((x) => x.pid).sort()).toEqual([...groups].sort())
  })

  it('down leaves no process and no listening port behind', async () => {
    // every process of every service: e.g. postgres' backends, which leave the postmaster's group
    const members: ProcInfo[] = groups.flatMap((g) => serviceProcesses(g))
    expect(members.length).toBeGreaterThan(groups.length)
    const r = await cli('down')
    expect(r.exitCode, r.stderr).toBe(0)
    for (const g of groups) expect(serviceProcesses(g), `processes of service root ${g}`).toEqual([])
    for (const p of members) expect(sameProcessAlive(p), `pid ${p.pid}`).toBe(false)
    for (const p of Object.values(ports)) expect(await isPortFree(p), `port ${p}`).toBe(true)
    expect(pidRecords()).toEqual([])
  })
})

function sameProcessAlive(p: ProcInfo): boolean {
  const now = procInfo(p.pid)
  return !!now && now.starttime === p.starttime && now.state !== 'Z'
}
