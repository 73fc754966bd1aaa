// kafka-direct writes no Postgres rows, which the drain and the verifier check MongoDB against:
// the run says so before it starts (exit 2 with the --no-verify way out) instead of failing
// after a drain timeout with every document a "phantom". Checked on the real bundles.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBundle } from '../../build/bundle.ts'
import { unverifiableReason } from '../../orchestrator/run/verifiable.ts'

let dir: string
const bundles: Record<string, string> = {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eventload-verifiable-'))
  for (const name of ['kafka-direct', 'stress', 'smoke']) bundles[name] = (await ensureBundle(name, { outDir: dir })).file
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('scenarios the verifier can check', () => {
  it('kafka-direct: not verifiable, and the message names the way out', () => {
    expect(unverifiableReason('kafka-direct', bundles['kafka-direct']!)).toMatch(/^scenario kafka-direct produces straight to Kafka, .* --no-verify/)
  })

  it.each(['stress', 'smoke'])('%s (Postgres sink): verifiable', (name) => {
    expect(unverifiableReason(name, bundles[name]!)).toBeUndefined()
  })
})
