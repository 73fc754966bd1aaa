// The `eventload scenario` command line. Values stay strings here: the zod schema in
// config/schema.ts validates them all at once, so every bad flag is reported together.
import { Command, Option } from 'commander'
import { ENGINES, DASHBOARD_MODES, OUTPUTS } from '../config/schema.ts'
import type { RawConfig } from '../config/sources.ts'
import { FLAG_OF } from '../config/sources.ts'

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function scenarioCommand(): Command {
  return new Command('scenario')
    .usage('<scenario> [flags]   (no scenario: list them)')
    .description(
      'Run a scenario end to end: preflight, ensure the stack, build the bundle if stale, start the Kafka tail, ' +
        'readiness probe, load, drain, verify, report (reports/<run_id>/). Exit codes: docs/exit-codes.md.',
    )
    .argument('[scenario]', 'scenario name (scenarios/<name>.ts)')
    .addOption(new Option('--engine <engine>', `who runs the bundle: ${ENGINES.join(' | ')} (default node; env EVENTLOAD_ENGINE)`))
    .option('--workers <n>', 'node engine: split the load over N processes with k6 execution segments; k6-operator: parallelism (default 1)')
    .option('--rate <events/s>', 'scenario knob RATE: target arrival rate in events/s (passed as -e RATE=)')
    .option('--duration <d>', 'scenario knob DURATION, e.g. 30s, 1m30s (passed as -e DURATION=)')
    .option('--events <n>', 'scenario knob EVENTS: events to write (passed as -e EVENTS=)')
    .option('--vus <n>', 'scenario knob VUS: pre-allocated VUs (passed as -e VUS=)')
    .option('-e, --env <KEY=VALUE>', 'environment variable for the script (__ENV), repeatable, as k6 -e', collect)
    .option('--tag <NAME=VALUE>', 'tag added to every metric sample, repeatable, as k6 --tag', collect)
    .option('-o, --out <output>', `extra output, repeatable, as k6 --out: ${OUTPUTS.join(', ')} (e.g. json=out.json)`, collect)
    .option('--profile <file>', 'pipeline profile (JSON or YAML) for the tail and the verifier; default: the reference processor (env EVENTLOAD_PROFILE)')
    .option('--no-verify', 'skip drain and MongoDB verification (load and Kafka timing only)')
    .option('--no-stack', 'do not start the local stack; fail preflight when a service is down')
    .option('--drain-timeout <d>', 'stop draining after this long without progress (no new event of the run in MongoDB, no fewer uncommitted records) (default 30s; env EVENTLOAD_DRAIN_TIMEOUT)')
    .option('--consumer-group <id>', "repeatable: drain also waits until these consumer groups committed every record of the run (default: the reference processor's groups, unless --profile)", collect)
    .option('--report-dir <dir>', 'where reports/<run_id>/ goes (default reports; env EVENTLOAD_REPORT_DIR)')
    .option('--run-id <id>', 'run id (default run-<UTC time>-<random>); every query is scoped to it')
    .option('--seed <seed>', 'event generator seed (default: the run id), for a reproducible event stream')
    .option('--k6-binary <path>', 'k6 engine: the k6 binary with xk6-sql, its postgres driver and xk6-kafka (default k6 on PATH; env K6_BINARY)')
    .option('--image <image>', 'docker / k6-operator engines: the image built from k6.Dockerfile (default eventload-k6:latest; env EVENTLOAD_K6_IMAGE)')
    .option('--namespace <ns>', 'k6-operator engine: Kubernetes namespace of the TestRun (default default)')
    .option(
      '--apply',
      'k6-operator engine: apply the Secret, ConfigMap and TestRun with kubectl (KUBECTL or PATH), wait for the TestRun to finish, then drain, verify and report; without it the manifests are only rendered',
    )
    .addOption(new Option('--dashboard <mode>', `live view on stderr: ${DASHBOARD_MODES.join(' | ')} (default auto: redrawn on a TTY, progress lines otherwise)`))
    .option('--debug', 'print stacks and debug detail')
    .helpOption('-h, --help', 'show this help')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
}

export interface ParsedFlags {
  scenario?: string
  flags: RawConfig
  /** Problems commander lets through (unknown flags, extra arguments), reported with the rest. */
  issues: string[]
}

/** Parses argv (without the subcommand name) into raw settings labelled by flag name. */
export function parseScenarioFlags(cmd: Command, argv: string[]): ParsedFlags {
  cmd.parse(argv, { from: 'user' })
  const opts = cmd.opts<Record<string, unknown>>()
  const issues: string[] = []
  const [scenario, ...extra] = cmd.args
  for (const a of [scenario, ...extra]) {
    if (a?.startsWith('-')) issues.push(`${a.split('=')[0]}: unknown flag (see --help)`)
  }
  const operands = [scenario, ...extra].filter((a): a is string => !!a && !a.startsWith('-'))
  if (operands.length > 1) issues.push(`${operands.slice(1).join(' ')}: unexpected argument(s); give one scenario name`)
  const flags: RawConfig = {}
  const name = operands[0]
  if (name) flags.scenario = { value: name, label: FLAG_OF.scenario! }
  for (const [key, value] of Object.entries(opts)) {
    // commander defaults --no-x flags to true; only an explicit --no-x is a setting.
    if ((key === 'verify' || key === 'stack') && value === true) continue
    if (value === undefined) continue
    flags[key] = { value, label: FLAG_OF[key] ?? `--${key}` }
  }
  return { ...(name ? { scenario: name } : {}), flags, issues }
}
