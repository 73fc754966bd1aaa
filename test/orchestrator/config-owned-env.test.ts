// -e RUN_ID / PG_URL / KAFKA_BROKERS (and their EVENTLOAD_ forms) are not script knobs for a run:
// the orchestrator replaced RUN_ID without a word, and a URL given to the script alone sent the
// load where the tail, drain and verifier do not look. Each is a bad config naming its fix.
import { describe, expect, it } from 'vitest'
import { loadRunConfig } from '../../orchestrator/config/load.ts'
import { ConfigError } from '../../orchestrator/errors.ts'
import { flags, tempDir } from './helpers.ts'

function issues(env: string[]): string[] {
  using t = tempDir()
  try {
    loadRunConfig({ flags: flags({ scenario: 'smoke', env }), env: {}, cwd: t.dir, scenarios: ['smoke'] })
  } catch (err) {
    if (err instanceof ConfigError) return err.issues
    throw err
  }
  return []
}

describe('-e keys the run owns', () => {
  it('each is reported with its fix', () => {
    const found = issues(['RATE=5', 'RUN_ID=mine', 'PG_URL=postgres://u:p@db:5432/x', 'EVENTLOAD_KAFKA_BROKERS=k:9092'])
    expect(found).toHaveLength(3)
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\[1\]: RUN_ID is not a script knob here: the run id is --run-id/),
        expect.stringMatching(/\[2\]: PG_URL is not a script knob here: set EVENTLOAD_PG_URL/),
        expect.stringMatching(/\[3\]: EVENTLOAD_KAFKA_BROKERS is not a script knob here: set EVENTLOAD_KAFKA_BROKERS/),
      ]),
    )
  })

  it('ordinary knobs pass', () => {
    expect(issues(['RATE=5', 'MIX=order_placed:1', 'KAFKA_TOPIC=t'])).toEqual([])
  })
})
