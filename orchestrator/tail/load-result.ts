// Reads a tail.json written by the tail (for `npm run verify -- --tail FILE` or a re-run), and
// says where its spill file is.
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { TAIL_SPILL_FORMAT, type TailResult, type TailSpillFile } from './types.ts'

export async function loadTailResult(file: string): Promise<TailResult> {
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new Error(`${file}: not a readable tail result (${(error as Error).message}); pass the tail.json the tail wrote`, { cause: error })
  }
  const r = data as Partial<TailResult>
  if (r?.version !== 1 || typeof r.runId !== 'string' || r.spill?.format !== TAIL_SPILL_FORMAT) {
    throw new Error(`${file}: not a version-1 eventload tail result (expected version 1 and spill format ${TAIL_SPILL_FORMAT})`)
  }
  // A single-file spill (the first version of the format) reads as a list of one.
  const single = r.spill as unknown as Partial<TailSpillFile>
  const listed = Array.isArray(r.spill.files)
    ? r.spill.files
    : typeof single.file === 'string' ? [{ file: single.file, path: single.path ?? single.file, records: single.records ?? 0, types: single.types ?? [], topics: single.topics ?? [] }] : null
  if (!listed) throw new Error(`${file}: no spill files listed (spill.files)`)
  // The spill files sit next to tail.json; prefer that over the absolute path recorded at write time.
  const files = listed.map((f) => ({ ...f, path: isAbsolute(f.file) ? f.file : join(dirname(file), f.file) }))
  return { ...(r as TailResult), spill: { ...r.spill, files } }
}
