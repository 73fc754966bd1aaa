// A cached artifact is a directory that appears atomically: it is built in a temp sibling
// and renamed into place, so an interrupted download never looks complete.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'

/** Short content hash of the files that define an artifact (pom, go.mod...), for its cache key. */
export function fingerprint(files: string[]): string {
  const h = createHash('sha256')
  for (const f of files) h.update(readFileSync(f))
  return h.digest('hex').slice(0, 10)
}

/** Returns `dir`, building it with `build(tmpDir)` first if it does not exist yet. */
export async function ensureCachedDir(dir: string, build: (tmpDir: string) => Promise<void>): Promise<{ dir: string; built: boolean }> {
  if (existsSync(dir)) return { dir, built: false }
  mkdirSync(dirname(dir), { recursive: true })
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  try {
    await build(tmp)
    if (existsSync(dir)) rmSync(tmp, { recursive: true, force: true }) // someone else finished first
    else renameSync(tmp, dir)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err
  }
  return { dir, built: true }
}

/** Logs "still <what>… Ns" every 15 s while `work` runs, so a cold start never looks hung. */
export async function withProgress<T>(log: (m: string) => void, what: string, work: Promise<T>): Promise<T> {
  const started = Date.now()
  const timer = setInterval(() => log(`still ${what}… ${Math.round((Date.now() - started) / 1000)}s`), 15_000)
  try {
    const result = await work
    log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`)
    return result
  } finally {
    clearInterval(timer)
  }
}
