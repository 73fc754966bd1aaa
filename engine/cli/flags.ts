// k6's `run` flags -> the engine's option layer (k6 JSON option names) and run settings.
import { Command, InvalidArgumentError, Option } from 'commander'
import { parseStagesText } from '../options/layers.ts'

export interface ParsedArgs {
  readonly script: string
  readonly cliOptions: Record<string, unknown>
  readonly env: Record<string, string>
  readonly includeSystemEnv: boolean
  readonly configFile?: string
  readonly quiet: boolean
  readonly verbose: boolean
  readonly resultFile?: string
  readonly ipc: boolean
  readonly warnings: string[]
}

const collect = (v: string, prev: string[] = []) => [...prev, v]
const int = (name: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0`)
  return n
}

export function buildCommand(): Command {
  return new Command('eventload run')
    .description('Run a k6 script bundle with the node engine (k6-compatible flags)')
    .argument('<script>', 'the bundled k6 script (dist/k6/<name>.js)')
    .option('-u, --vus <n>', 'number of VUs', int('--vus'))
    .option('-d, --duration <duration>', 'test duration, e.g. 30s, 1m30s')
    .option('-i, --iterations <n>', 'total iterations, shared among the VUs', int('--iterations'))
    .option('-s, --stage <duration:target>', 'a ramping stage (repeatable), e.g. 30s:10', collect)
    .option('-e, --env <KEY=VALUE>', 'a value for __ENV (repeatable); never sets options', collect)
    .option('-o, --out <output>', 'an output (repeatable): json=file.json, csv=file.csv', collect)
    .option('--tag <name=value>', 'a run tag added to every sample (repeatable)', collect)
    .option('-c, --config <file>', 'a k6 JSON config file (lowest option layer)')
    .option('--summary-export <file>', 'write the end-of-test summary as JSON (older k6 shape)')
    .option('--summary-trend-stats <stats>', 'trend stats in the summary, e.g. avg,p(95),p(99.9)')
    .option('--summary-time-unit <unit>', 'fixed time unit in the summary: s, ms or us')
    .addOption(new Option('--summary-mode <mode>', 'summary mode').choices(['compact', 'full', 'disabled']))
    .option('--no-thresholds', 'do not evaluate thresholds')
    .option('--no-setup', 'do not run setup()')
    .option('--no-teardown', 'do not run teardown()')
    .option('--no-color', 'no colours in the output')
    .option('--system-tags <tags>', 'system tags to attach to samples (comma list)')
    .option('-w, --throw', 'throw on some warnings (invalid metric values, tags)')
    .option('--execution-segment <segment>', 'run only this part of the test, e.g. 0:1/2')
    .option('--execution-segment-sequence <points>', 'all segments of the split run, e.g. 0,1/2,1')
    .addOption(new Option('--include-system-env-vars [bool]', 'put the process environment into __ENV').default(true))
    .option('-q, --quiet', 'no header and no progress output')
    .option('-v, --verbose', 'debug logging')
    .option('--linger', 'accepted for k6 compatibility (the engine always exits at the end)')
    .option('--no-usage-report', 'accepted for k6 compatibility (the engine sends no usage report)')
    .option('--address <addr>', 'accepted for k6 compatibility; the node engine has no REST API')
    .option('--result-file <path>', 'eventload: write the machine-readable RunResult (JSON) here')
    .option('--ipc', 'eventload: send progress, snapshots and the result to the parent process over IPC')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const cmd = buildCommand()
  cmd.parse([...argv], { from: 'user' })
  const o = cmd.opts<Record<string, unknown>>()
  const script = cmd.args[0]!
  const warnings: string[] = []
  const cli: Record<string, unknown> = {}
  const set = (k: string, v: unknown) => {
    if (v !== undefined) cli[k] = v
  }
  set('vus', o.vus)
  set('duration', o.duration)
  set('iterations', o.iterations)
  if (Array.isArray(o.stage)) cli.stages = (o.stage as string[]).flatMap((s) => parseStagesText(s, '--stage'))
  if (Array.isArray(o.out)) cli.out = o.out
  if (Array.isArray(o.tag)) {
    const tags: Record<string, string> = {}
    for (const t of o.tag as string[]) {
      const i = t.indexOf('=')
      if (i <= 0) throw new InvalidArgumentError(`--tag ${t}: use name=value`)
      tags[t.slice(0, i)] = t.slice(i + 1)
    }
    cli.tags = tags
  }
  set('summaryExport', o.summaryExport)
  if (typeof o.summaryTrendStats === 'string') cli.summaryTrendStats = o.summaryTrendStats.split(',').map((s) => s.trim()).filter(Boolean)
  set('summaryTimeUnit', o.summaryTimeUnit)
  set('summaryMode', o.summaryMode)
  if (o.thresholds === false) cli.noThresholds = true
  if (o.setup === false) cli.noSetup = true
  if (o.teardown === false) cli.noTeardown = true
  if (o.color === false) cli.noColor = true
  if (typeof o.systemTags === 'string') cli.systemTags = o.systemTags.split(',').map((s) => s.trim()).filter(Boolean)
  if (o.throw === true) cli.throw = true
  set('executionSegment', o.executionSegment)
  set('executionSegmentSequence', o.executionSegmentSequence)
  if (o.address !== undefined) warnings.push(`--address ${typeof o.address === 'string' ? o.address : ''}: the node engine has no REST API; ignored`)
  const env: Record<string, string> = {}
  for (const kv of (o.env as string[] | undefined) ?? []) {
    const i = kv.indexOf('=')
    if (i <= 0) throw new InvalidArgumentError(`-e ${kv}: use KEY=VALUE`)
    env[kv.slice(0, i)] = kv.slice(i + 1)
  }
  const inc = o.includeSystemEnvVars
  return {
    script,
    cliOptions: cli,
    env,
    includeSystemEnv: !(inc === false || inc === 'false' || inc === '0'),
    ...(typeof o.config === 'string' ? { configFile: o.config } : {}),
    quiet: o.quiet === true,
    verbose: o.verbose === true,
    ...(typeof o.resultFile === 'string' ? { resultFile: o.resultFile } : {}),
    ipc: o.ipc === true,
    warnings,
  }
}
