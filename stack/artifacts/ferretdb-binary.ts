// FerretDB v1, embedded in our small wrapper (stack/ferretdb/main.go, see why there) and built
// with `go build` from the Go module proxy into the artifact cache, with the fixes listed in
// stack/ferretdb/patches.ts applied to a copy of its module source.
import { execFile } from 'node:child_process'
import { chmodSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { FERRETDB_PATCHES, type SourcePatch } from '../ferretdb/patches.ts'
import { REPO_ROOT } from '../options.ts'
import { ensureCachedDir, fingerprint, withProgress } from './cache.ts'

const execFileAsync = promisify(execFile)
export const FERRETDB_MODULE_DIR = join(REPO_ROOT, 'stack', 'ferretdb')
const FERRET_MODULE = 'github.com/FerretDB/FerretDB'
const SOURCES = ['go.mod', 'go.sum', 'main.go', 'patches.ts'].map((f) => join(FERRETDB_MODULE_DIR, f))

export function ferretdbVersion(): string {
  const m = /github\.com\/FerretDB\/FerretDB (v[\d.]+)/.exec(readFileSync(join(FERRETDB_MODULE_DIR, 'go.mod'), 'utf8'))
  if (!m) throw new Error(`${FERRETDB_MODULE_DIR}/go.mod does not require ${FERRET_MODULE}`)
  return m[1]!
}

export function ferretdbBinary(cacheDir: string): string {
  return join(cacheDir, `ferretdb-${ferretdbVersion()}-${fingerprint(SOURCES)}`, 'ferretdb')
}

export function ferretdbCached(cacheDir: string): boolean {
  return existsSync(ferretdbBinary(cacheDir))
}

/** Applies each patch to `srcDir`; a patch that does not match exactly once is an error. */
export function applyPatches(srcDir: string, patches: SourcePatch[]): void {
  for (const p of patches) {
    const file = join(srcDir, p.file)
    const text = readFileSync(file, 'utf8')
    const count = text.split(p.find).length - 1
    if (count !== 1) throw new Error(`FerretDB patch for ${p.file} matched ${count} times (expected 1); update stack/ferretdb/patches.ts`)
    chmodSync(file, 0o644) // module cache files are read-only
    writeFileSync(file, text.replace(p.find, () => p.replace))
  }
}

export async function ensureFerretdb(cacheDir: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<string> {
  const bin = ferretdbBinary(cacheDir)
  await ensureCachedDir(join(bin, '..'), async (tmp) => {
    const version = ferretdbVersion()
    log(`building FerretDB ${version} with go from the module proxy (first start only, 1-3 min)`)
    const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' }
    const work = (async () => {
      const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', `${FERRET_MODULE}@${version}`], {
        cwd: FERRETDB_MODULE_DIR,
        env: goEnv,
      })
      const src = join(tmp, 'src')
      cpSync((JSON.parse(stdout) as { Dir: string }).Dir, src, { recursive: true })
      applyPatches(src, FERRETDB_PATCHES)
      // Build against the patched copy without touching the committed go.mod: -modfile
      // points at a generated one with a replace directive (go.sum beside it, as go expects).
      const modfile = join(tmp, 'go.mod')
      writeFileSync(modfile, `${readFileSync(join(FERRETDB_MODULE_DIR, 'go.mod'), 'utf8')}\nreplace ${FERRET_MODULE} => ${src}\n`)
      writeFileSync(join(tmp, 'go.sum'), readFileSync(join(FERRETDB_MODULE_DIR, 'go.sum')))
      // pure-Go SQLite driver: no C toolchain needed
      await execFileAsync('go', ['build', '-trimpath', `-modfile=${modfile}`, '-o', join(tmp, 'ferretdb'), '.'], {
        cwd: FERRETDB_MODULE_DIR,
        env: goEnv,
        maxBuffer: 16 * 1024 * 1024,
      })
      for (const f of [src, modfile, join(tmp, 'go.sum')]) rmSync(f, { recursive: true, force: true })
    })().catch((err: Error & { stderr?: string }) => {
      throw new Error(`mongo: building FerretDB failed: ${(err.stderr || err.message).trim().slice(-2000)}`)
    })
    await withProgress(log, 'building FerretDB', work)
  })
  return bin
}
