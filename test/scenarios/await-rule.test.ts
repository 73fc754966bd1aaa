import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../stack/options.ts'

// The await rule (ARCHITECTURE.md): scenario code must await every extension I/O call, because in
// the node engine they return promises. Lint enforces it through the extension type declarations
// in scenarios/types and no-floating-promises; this proves the chain holds for scenario files.
const PROBE = `
import sql from 'k6/x/sql'
import driver from 'k6/x/sql/driver/postgres'
import { Producer } from 'k6/x/kafka'
const db = sql.open(driver, 'postgres://localhost/db')
const producer = new Producer({ brokers: ['localhost:9092'], topic: 't' })
export default async function (): Promise<void> {
  db.exec('INSERT INTO t VALUES (1)')
  producer.produce({ messages: [{ value: 'x' }] })
  await db.query('SELECT 1')
  await producer.produce({ messages: [{ value: 'y' }] })
}
`

describe('the await rule on scenario code', () => {
  it('rejects an unawaited db.exec and producer.produce, accepts awaited ones', async () => {
    // A real file under scenarios/ so the type-aware linter uses scenarios/tsconfig.json.
    const file = join(REPO_ROOT, 'scenarios', 'lib', `await-rule-probe-${process.pid}.ts`)
    writeFileSync(file, PROBE)
    try {
      const [result] = await new ESLint({ cwd: REPO_ROOT }).lintFiles([file])
      const floating = result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-floating-promises').map((m) => m.line)
      expect(floating).toEqual([8, 9])
      expect(result!.messages.filter((m) => m.line >= 10)).toEqual([])
    } finally {
      rmSync(file, { force: true })
    }
  }, 60_000)
})
