// The verify and tail commands: usage errors exit 2 with a message naming the fix, and the JSON
// Schemas print. (Runs against real runs are in debezium.int.test.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main as tailCli } from '../../orchestrator/tail/cli.ts'
import { main as verifyCli } from '../../orchestrator/verify/cli.ts'

function capture() {
  const err: string[] = []
  const out: string[] = []
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
  return { err: () => err.join(''), out: () => out.join('') }
}

describe('verify / tail command lines', () => {
  afterEach(() => vi.restoreAllMocks())

  it('verify: bad arguments exit 2 and say what to fix', async () => {
    const io = capture()
    expect(await verifyCli([])).toBe(2)
    expect(io.err()).toMatch(/--run: required/)
    expect(await verifyCli(['--run', 'bad id!'])).toBe(2)
    expect(await verifyCli(['--run', 'r1', '--late-after', 'soon'])).toBe(2)
    expect(io.err()).toMatch(/--late-after: expected a duration/)
    expect(await verifyCli(['--run', 'r1', '--tail', '/nonexistent/tail.json'])).toBe(2)
    expect(io.err()).toMatch(/--tail: .* does not exist/)
    expect(await verifyCli(['--run', 'r1', '--profile', '/nonexistent.yaml'])).toBe(2)
    expect(io.err()).toMatch(/cannot read the file/)
  })

  it('verify: prints the JSON Schemas of verification.json and of a profile', async () => {
    const io = capture()
    expect(await verifyCli(['--print-schema', 'verification'])).toBe(0)
    const schema = JSON.parse(io.out()) as { properties: Record<string, unknown> }
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['checks', 'latency', 'clocks', 'findings']))
    expect(await verifyCli(['--print-schema', 'nope'])).toBe(2)
  })

  it('tail: bad arguments exit 2', async () => {
    const io = capture()
    expect(await tailCli([])).toBe(2)
    expect(await tailCli(['--run', 'r1', '--duration', 'forever'])).toBe(2)
    expect(io.err()).toMatch(/--duration: expected a duration/)
    expect(await tailCli(['--run', 'r1', '--workers', '0'])).toBe(2)
  })
})
