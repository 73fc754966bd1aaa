// Before anything starts (tail, probe, load), the scenario's init context runs once with the run's
// __ENV, as the engine will run it: a bad knob (`-e RATE=abc`, `--rate` on smoke, EVENTS/RATE/
// DURATION that disagree) is then a bad configuration, exit 2, with the scenario's own message,
// instead of exit 107 after the pipeline was probed. Other init errors are left to the run, which
// reports them as k6 does (exit 107, mapped to the TypeScript source).
import { inspectScript } from '../../engine/index.ts'
import { ConfigError } from '../errors.ts'
import type { EngineRunSpec } from './engine.ts'

/** The scenario library's error for a bad knob value (scenarios/lib/knobs.ts). */
const KNOB_ERROR = 'KnobError'

export async function checkScenarioKnobs(spec: EngineRunSpec): Promise<void> {
  const r = await inspectScript({ script: spec.bundle, env: spec.env })
  if (!r.ok && r.name === KNOB_ERROR) {
    throw new ConfigError([`scenario ${spec.config.scenario}: ${r.message} (knobs are -e KEY=VALUE or --rate/--duration/--events/--vus; docs/scenarios.md)`])
  }
}
