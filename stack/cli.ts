// `eventload stack` / `npm run stack -- <command>`: up|down|status|logs|migrate|connections|reset-data.
// Progress goes to stderr; tables and JSON to stdout. Exit codes: 0 ok, 1 a service failed,
// 2 usage/config error, 3 missing prerequisite (environment not ready).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Command, CommanderError } from 'commander'
import { ConnectionsConfigError, describeConnections, loadConnections } from './connections.ts'
import { down, logFiles, status, up, StackCommandError } from './index.ts'
import { StackOptionsError } from './options.ts'
import { migrate } from './postgres/migrate.ts'
import { MissingPrerequisiteError } from './prereqs.ts'
import { redactSecrets, redactText } from './redact.ts'
import { describeInventory, inventory, localPipelineTarget, resetData, ResetRefusedError } from './reset-data.ts'
import { renderStatusTable } from './status-table.ts'
import { SERVICE_NAMES, type ServiceName } from './topology.ts'

export const EXIT = { ok: 0, failed: 1, usage: 2, environment: 3 } as const

function services(args: string[]): ServiceName[] {
  for (const a of args) {
    if (!(SERVICE_NAMES as readonly string[]).includes(a)) {
      throw new UsageError(`unknown service "${a}"; expected one of: ${SERVICE_NAMES.join(', ')}`)
    }
  }
  return args as ServiceName[]
}

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok
  const out = (s: string) => process.stdout.write(`${s}\n`)
  const program = new Command('stack')
    .description('the local service stack: Postgres, Kafka, MongoDB-wire (FerretDB), Prometheus, reference processor')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })

  program
    .command('up')
    .description('start services (default: all) and wait until each is healthy')
    .argument('[services...]', SERVICE_NAMES.join('|'))
    .action(async (names: string[]) => {
      const t0 = Date.now()
      await up(services(names))
      process.stderr.write(`stack up: done in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`)
    })

  program
    .command('down')
    .description('stop services (default: all); waits until their processes are gone and ports free')
    .argument('[services...]', SERVICE_NAMES.join('|'))
    .action(async (names: string[]) => {
      await down(services(names))
    })

  program
    .command('status')
    .description('table of service, url, pid, healthy, version; exit 1 when a listed service is unhealthy')
    .argument('[services...]', SERVICE_NAMES.join('|'))
    .option('--json', 'print JSON instead of a table')
    .action(async (names: string[], opts: { json?: boolean }) => {
      const rows = await status(services(names))
      out(opts.json ? JSON.stringify(redactSecrets(rows), null, 2) : renderStatusTable(rows, process.stdout.isTTY))
      if (rows.some((r) => r.mode !== 'skipped' && !r.healthy)) code = EXIT.failed
    })

  program
    .command('logs')
    .description('tail the log file(s) of a service (default: all)')
    .argument('[service]', SERVICE_NAMES.join('|'))
    .option('-n, --lines <n>', 'lines per file', '50')
    .option('-f, --follow', 'keep following')
    .action(async (name: string | undefined, opts: { lines: string; follow?: boolean }) => {
      const files = logFiles(name ? services([name])[0] : undefined).filter((f) => existsSync(f.file))
      if (files.length === 0) {
        process.stderr.write('no log files yet (has the stack been started?)\n')
        return
      }
      // tail(1) does the following and multi-file headers; output passes through the redactor
      const tail = spawn('tail', ['-n', opts.lines, ...(opts.follow ? ['-F'] : []), ...files.map((f) => f.file)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      tail.stdout.setEncoding('utf8').on('data', (chunk: string) => process.stdout.write(redactText(chunk)))
      await new Promise<void>((resolve) => tail.on('close', () => resolve()))
    })

  program
    .command('migrate')
    .description('apply stack/migrations to the configured Postgres (local or external)')
    .action(async () => {
      const c = loadConnections()
      const r = await migrate(c.postgres.url)
      out(`applied: ${r.applied.join(', ') || '(none)'}; already applied: ${r.alreadyApplied.length}`)
    })

  program
    .command('connections')
    .description('print the resolved connection settings (passwords redacted)')
    .action(() => {
      const c = loadConnections()
      out(describeConnections(c).join('\n'))
      if (c.configFile) out(`config file: ${c.configFile}`)
    })

  program
    .command('reset-data')
    .description('local stack only: TRUNCATE the events table and drop the pipeline\'s MongoDB collections (events, projections); Kafka topics stay. Without --yes: list what would go and exit 2')
    .option('--yes', 'really delete')
    .action(async (opts: { yes?: boolean }) => {
      const target = localPipelineTarget(loadConnections())
      if (!opts.yes) {
        out(describeInventory(target, await inventory(target)).join('\n'))
        process.stderr.write('reset-data: nothing deleted; run `npm run stack -- reset-data --yes` to delete the above\n')
        code = EXIT.usage
        return
      }
      const t0 = Date.now()
      const removed = await resetData(target)
      out(describeInventory(target, removed).join('\n'))
      process.stderr.write(`reset-data: done in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`)
    })

  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (err) {
    return report(err)
  }
  return code
}

function report(err: unknown): number {
  const say = (s: string) => process.stderr.write(`${redactText(s)}\n`)
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage
  if (err instanceof MissingPrerequisiteError) {
    say(err.message)
    return EXIT.environment
  }
  if (err instanceof ConnectionsConfigError || err instanceof StackOptionsError || err instanceof UsageError || err instanceof ResetRefusedError) {
    say(err.message)
    return EXIT.usage
  }
  if (err instanceof StackCommandError) {
    say(`stack: ${err.results.filter((r) => r.error).length} service(s) failed:\n${err.message}`)
    return EXIT.failed
  }
  say(`stack: ${(err as Error).message ?? String(err)}`)
  return EXIT.failed
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
