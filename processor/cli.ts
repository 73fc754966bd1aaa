// `processor run|relay|consumer`: starts the reference processor and runs it until SIGTERM
// or SIGINT, then shuts down gracefully (exit 0). Usage errors exit 2.
import { pathToFileURL } from 'node:url'
import { Command, CommanderError, Option } from 'commander'
import { ConnectionsConfigError } from '../stack/connections.ts'
import { redactText } from '../stack/redact.ts'
import { ProcessorConfigError, resolveConfig, type ProcessorMode, type RawOptions } from './config.ts'
import { memoryDebugInterval, startMemoryDebug } from './debug-memory.ts'
import { createLogger } from './log.ts'
import { startProcessor } from './processor.ts'

const EXIT = { ok: 0, failed: 1, usage: 2 } as const

function addOptions(command: Command): Command {
  return command
    .option('--table <name>', 'source table (schema.table allowed)', 'events')
    .option('--topic <name>', 'Kafka topic (default from stack/topology.ts)')
    .option('--partitions <n>', 'partitions when the topic has to be created')
    .option('--group <id>', 'consumer group (default from stack/topology.ts)')
    .option('--slot <name>', 'logical replication slot (default from stack/topology.ts)')
    .option('--publication <name>', 'publication (default from stack/topology.ts)')
    .option('--collection <name>', 'MongoDB collection for event documents', 'events')
    .option('--metrics-port <port>', '/metrics and /healthz port; 0 = any free port, -1 = none (default 9464 or EVENTLOAD_PROCESSOR_METRICS_PORT)')
    .option('--batch-size <n>', 'max events per MongoDB batch', '500')
    .option('--linger-ms <ms>', 'wait for a fuller batch at most this long', '5')
    .option('--client-id <id>', 'Kafka client id / Postgres application_name prefix')
    .option('--no-projections', 'do not maintain the projections (their consumer group <group>-projections)')
    .addOption(new Option('--faults <spec>', 'inject faults (tests only), e.g. drop=0.01,duplicate=0.005,corrupt=0.002,delay=50ms,reorder=0.01,phantom=3'))
    .option('--fault-seed <seed>', 'seed of the fault decisions', undefined)
    .option('--fault-log <path>', 'ground-truth JSON-lines file (default .eventload/faults/<group>-seed-<seed>.jsonl)')
    .option('--enable-faults', 'confirm that faults may be injected (or EVENTLOAD_ENABLE_FAULTS=1)')
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok
  const program = new Command('processor')
    .description('Reference event processor: Postgres (logical replication) -> Kafka -> MongoDB')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  const modes: [ProcessorMode, string][] = [
    ['run', 'relay and consumer in one process (what the local stack runs)'],
    ['relay', 'Postgres -> Kafka only'],
    ['consumer', 'Kafka -> MongoDB only'],
  ]
  for (const [mode, description] of modes) {
    addOptions(program.command(mode).description(description)).action(async (raw: RawOptions) => {
      code = await runUntilSignalled(mode, raw)
    })
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    throw error
  }
  return code
}

async function runUntilSignalled(mode: ProcessorMode, raw: RawOptions): Promise<number> {
  const say = (s: string) => process.stderr.write(`${redactText(s)}\n`)
  let config
  let memoryEvery: number | null
  try {
    config = resolveConfig(mode, raw)
    memoryEvery = memoryDebugInterval(process.env)
  } catch (error) {
    if (error instanceof ProcessorConfigError || error instanceof ConnectionsConfigError) {
      say(`processor: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
  let processor
  try {
    processor = await startProcessor(config, { defaultMetrics: true })
  } catch (error) {
    say(`processor: ${(error as Error).message}`)
    return EXIT.failed
  }
  const stopMemoryDebug = memoryEvery === null ? null : startMemoryDebug(memoryEvery, createLogger('debug'))
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'))
    process.once('SIGINT', () => resolve('SIGINT'))
  })
  say(`processor: ${signal}: finishing in-flight work`)
  // A second signal while draining means "now".
  const force = () => process.exit(EXIT.failed)
  process.once('SIGTERM', force)
  process.once('SIGINT', force)
  stopMemoryDebug?.()
  await processor.stop()
  return EXIT.ok
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
