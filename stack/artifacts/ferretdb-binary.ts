// FerretDB v1, embedded in our small wrapper (stack/ferretdb/main.go, see why there) and built
// with `go build` from the Go module proxy into the artifact cache.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../options.ts'
import { ensureCachedDir, fingerprint, withProgress } from './cache.ts'

const execFileAsync = promisify(execFile)
export const FERRETDB_MODULE_DIR = join(REPO_ROOT, 'stack', 'ferretdb')
const SOURCES = ['go.mod', 'go.sum', 'main.go'].map((f) => join(FERRETDB_MODULE_DIR, f))

export function ferretdbVersion(): string {
  const m = /github\.com\/FerretDB\/FerretDB (v[\d.]+)/.exec(readFileSync(join(FERRETDB_MODULE_DIR, 'go.mod'), 'utf8'))
  if (!m) throw new Error(`${FERRETDB_MODULE_DIR}/go.mod does not require github.com/FerretDB/FerretDB`)
  return m[1]!
}

export function ferretdbBinary(cacheDir: string): string {
  return join(cacheDir, `ferretdb-${ferretdbVersion()}-${fingerprint(SOURCES)}`, 'ferretdb')
}

export function ferretdbCached(cacheDir: string): boolean {
  return existsSync(ferretdbBinary(cacheDir))
}

export async function ensureFerretdb(cacheDir: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<string> {
  const bin = ferretdbBinary(cacheDir)
  await ensureCachedDir(join(bin, '..'), async (tmp) => {
    log(`building FerretDB ${ferretdbVersion()} with go from the module proxy (first start only, 1-3 min)`)
    const work = execFileAsync('go', ['build', '-trimpath', '-o', join(tmp, 'ferretdb'), '.'], {
      cwd: FERRETDB_MODULE_DIR,
      // pure-Go SQLite driver: no C toolchain needed; go.sum is committed, never rewritten here
      env: { ...env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`mongo: go build of FerretDB failed: ${(err.stderr || err.message).trim().slice(-2000)}`)
    })
    await withProgress(log, 'building FerretDB', work)
  })
  return bin
}
