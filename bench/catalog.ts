// What `npm run bench` offers: the runnable files at the top of bench/, each with the first
// sentence of its header comment. Files another bench's code names (children run in their own
// process, shared readers) are helpers: runnable by name, listed apart.
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'

export interface BenchFile {
  readonly name: string
  readonly file: string
  readonly description: string
  /** Named by another bench's code, so it is a part of that bench rather than one of its own. */
  readonly helper: boolean
}

const MAX_DESCRIPTION = 120

/** The first sentence of the file's leading `//` comment, without the usage lines. */
export function describeHeader(source: string): string {
  const words: string[] = []
  for (const line of source.split('\n')) {
    const m = /^\s*\/\/\s?(.*)$/.exec(line)
    if (!m) break
    const text = m[1]!.trim()
    // A usage line ("npx tsx bench/x.ts ...") ends the prose, which is what describes the bench.
    if (/^(npx|npm|node) /.test(text)) {
      if (words.length > 0) break
      continue
    }
    if (text) words.push(text)
  }
  const prose = words.join(' ').replace(/^Benchmark:\s*/, '')
  const first = (/^.*?[.?](?=\s|$)/.exec(prose)?.[0] ?? prose).replace(/[.:]$/, '')
  const sentence = first.charAt(0).toUpperCase() + first.slice(1)
  return sentence.length > MAX_DESCRIPTION ? `${sentence.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : sentence
}

/** Source without its comment lines (so a file mentioned only in prose does not count). */
function code(source: string): string {
  return source
    .split('\n')
    .filter((l) => !/^\s*\/\//.test(l))
    .join('\n')
}

export function listBenchFiles(dir: string): BenchFile[] {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && e.name !== 'cli.ts' && e.name !== 'catalog.ts')
    .map((e) => e.name)
    .sort((a, b) => basename(a, '.ts').localeCompare(basename(b, '.ts')))
  const sources = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
  return files.map((f) => {
    const helper = files.some((other) => other !== f && code(sources.get(other)!).includes(f))
    return { name: basename(f, '.ts'), file: join(dir, f), description: describeHeader(sources.get(f)!), helper }
  })
}
