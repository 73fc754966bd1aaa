// `npm run bench` (bench/cli.ts): the listing built from the files' header comments, and running
// one bench as a child process with its args and its exit code.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { describeHeader, listBenchFiles } from '../../bench/catalog.ts'
import { main } from '../../bench/cli.ts'

const root = mkdtempSync(join(tmpdir(), 'eventload-bench-cli-'))
const dir = join(root, 'bench')
mkdirSync(dir)
// A bench that records its args and cwd, then exits with the code it was given; it names its
// child in code, which makes the child a helper.
writeFileSync(
  join(dir, 'alpha.ts'),
  `// Measures how alpha behaves. Details follow.
//   npx tsx bench/alpha.ts <code> <out> [words]
import { writeFileSync } from 'node:fs'
export const CHILD = 'alpha-child.ts'
const [code, out, ...rest] = process.argv.slice(2)
writeFileSync(out!, JSON.stringify({ rest, cwd: process.cwd() }))
process.exit(Number(code))
`,
)
writeFileSync(join(dir, 'alpha-child.ts'), '// One pass of bench/alpha.ts in its own process.\nprocess.exit(0)\n')
afterAll(() => rmSync(root, { recursive: true, force: true }))
afterEach(() => vi.restoreAllMocks())

function capture(stream: 'stdout' | 'stderr'): () => string {
  let text = ''
  vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk)
    return true
  })
  return () => text
}

describe('bench catalog', () => {
  it('describes a bench by the first sentence of its header comment, before the usage lines', () => {
    expect(describeHeader('// Benchmark: how long X takes, cold and warm. More.\n// npx tsx bench/x.ts\nconst a = 1\n')).toBe('How long X takes, cold and warm')
    expect(describeHeader('// What Y costs, in one run:\n//   npx tsx bench/y.ts [--n 3]\n// Then more prose.\n')).toBe('What Y costs, in one run')
    expect(describeHeader('const noHeader = 1\n')).toBe('')
  })

  it('marks a file another bench names in its code as a helper', () => {
    const files = listBenchFiles(dir)
    expect(files.map((f) => [f.name, f.helper])).toEqual([
      ['alpha', false],
      ['alpha-child', true],
    ])
  })

  it('every bench in bench/ has a description', () => {
    const missing = listBenchFiles(resolve(import.meta.dirname, '../../bench')).filter((b) => b.description === '')
    expect(missing.map((b) => b.name)).toEqual([])
  })
})

describe('npm run bench', () => {
  it('with no args lists the benches, one line each, and the helpers apart', async () => {
    const out = capture('stdout')
    expect(await main([], dir)).toBe(0)
    const lines = out().split('\n')
    expect(lines).toContain('  alpha  Measures how alpha behaves')
    expect(lines.filter((l) => l.includes('alpha-child'))).toEqual(['helpers (run by the benches above, also runnable by name): alpha-child'])
  })

  it('runs the named bench as a child with its args from the repo root and returns its exit code', async () => {
    const out = join(root, 'ran.json')
    expect(await main(['alpha', '3', out, 'two words', '--flag'], dir)).toBe(3)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ rest: ['two words', '--flag'], cwd: root })
    expect(await main(['alpha.ts', '0', out], dir)).toBe(0)
  })

  it('names the fix for an unknown bench and exits 2', async () => {
    const err = capture('stderr')
    expect(await main(['nope'], dir)).toBe(2)
    expect(err()).toMatch(/no bench named "nope".*npm run bench.*alpha, alpha-child/)
  })
})
