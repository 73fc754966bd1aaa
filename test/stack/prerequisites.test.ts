// A missing prerequisite is simulated with a PATH that lacks the tool: `stack up` must fail
// before starting anything, name the tool and how to install it, mention the Docker
// alternative, and exit non-zero (3 = environment not ready). Runs the real CLI; no services.
import { mkdtempSync, readdirSync, existsSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../stack/options.ts'
import { which } from '../../stack/process/which.ts'

/** A PATH holding only the given tools (symlinked from the real PATH). */
function pathWith(tools: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventload-path-'))
  for (const t of tools) {
    const real = which(t)
    if (real) symlinkSync(real, join(dir, t))
  }
  return dir
}

async function stackUp(services: string[], path: string, cacheDir?: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'eventload-state-'))
  const result = await execa(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'stack', 'cli.ts'), 'up', ...services], {
    cwd: REPO_ROOT,
    reject: false,
    timeout: 60_000,
    env: {
      PATH: path,
      EVENTLOAD_STATE_DIR: stateDir,
      ...(cacheDir ? { EVENTLOAD_CACHE_DIR: cacheDir } : {}),
      // ports nobody uses, in case a check were wrongly skipped and something started
      EVENTLOAD_PG_PORT: '1',
      EVENTLOAD_KAFKA_PORT: '2',
      EVENTLOAD_KAFKA_CONTROLLER_PORT: '3',
      EVENTLOAD_MONGO_PORT: '4',
      EVENTLOAD_PROMETHEUS_PORT: '5',
    },
    extendEnv: false,
  })
  const pidFiles = existsSync(join(stateDir, 'run')) ? readdirSync(join(stateDir, 'run')).filter((f) => f.endsWith('.pid')) : []
  return { ...result, pidFiles }
}

describe('stack up with a missing prerequisite', () => {
  it('names java, how to install it and the Docker alternative; starts nothing; exits 3', async () => {
    const r = await stackUp(['postgres', 'kafka'], pathWith(['mvn', 'go', 'prometheus']))
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('java (kafka)')
    expect(r.stderr).toContain('apt-get install -y --no-install-recommends openjdk-17-jre-headless')
    expect(r.stderr).toContain('docker compose -f stack/docker-compose.yml up -d')
    expect(r.stderr).toContain('Nothing was started')
    expect(r.pidFiles).toEqual([]) // postgres needs nothing from PATH, yet it was not started either
  })

  it('names prometheus when it is not on PATH', async () => {
    const r = await stackUp(['prometheus'], pathWith(['java', 'mvn', 'go']))
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('prometheus (prometheus)')
    expect(r.stderr).toContain('apt-get install -y --no-install-recommends prometheus')
    expect(r.pidFiles).toEqual([])
  })

  it('needs mvn and go only while their artifacts are not cached, and lists every missing tool at once', async () => {
    const emptyCache = mkdtempSync(join(tmpdir(), 'eventload-cache-'))
    const r = await stackUp(['kafka', 'mongo'], pathWith(['java', 'prometheus']), emptyCache)
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('mvn (kafka)')
    expect(r.stderr).toContain('go (mongo)')
    expect(r.stderr).toMatch(/Go 1\.24 or newer/)
    expect(readdirSync(emptyCache)).toEqual([]) // nothing downloaded or built
    expect(r.pidFiles).toEqual([])
  })
})
