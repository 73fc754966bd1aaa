// Import specifier -> module factory. The engine resolves every `import ... from "k6/..."` of
// a bundle here, once per VU. Extension modules (k6/x/...) register in the same table.
import type { ModuleFactory } from '../host.ts'
import { KAFKA_SPECIFIER } from './kafka/specifier.ts'
import { POSTGRES_DRIVER_SPECIFIER, SQL_SPECIFIER } from './sql/specifiers.ts'
import { k6Module } from './k6.ts'
import { metricsModule } from './metrics.ts'
import { executionModule } from './execution.ts'
import { dataModule } from './data.ts'
import { cryptoModule } from './crypto.ts'
import { encodingModule } from './encoding.ts'
import { timersModule } from './timers.ts'
import { JSLIB_SUMMARY_PREFIX, jslibSummaryModule } from './jslib-summary.ts'

const modules = new Map<string, ModuleFactory>([
  ['k6', k6Module],
  ['k6/metrics', metricsModule],
  ['k6/execution', executionModule],
  ['k6/data', dataModule],
  ['k6/crypto', cryptoModule],
  ['k6/encoding', encodingModule],
  ['k6/timers', timersModule],
])

// The built-in extensions pull in pg and the Kafka client, which cost start time and memory,
// so they are imported only when the bundle imports them (loadModules, before any VU exists).
const lazy = new Map<string, () => Promise<ModuleFactory>>([
  [SQL_SPECIFIER, async () => (await import('./sql/index.ts')).sqlModule],
  [POSTGRES_DRIVER_SPECIFIER, async () => (await import('./sql/index.ts')).postgresDriverModule],
  [KAFKA_SPECIFIER, async () => (await import('./kafka/index.ts')).kafkaModule],
])

// k6 built-ins the node engine does not provide, so the error can say so precisely.
const K6_NOT_PROVIDED = [
  'k6/http',
  'k6/ws',
  'k6/websockets',
  'k6/net/grpc',
  'k6/browser',
  'k6/html',
  'k6/crypto/x509',
  'k6/secrets',
  'k6/experimental/csv',
  'k6/experimental/fs',
  'k6/experimental/streams',
  'k6/experimental/websockets',
]

/** Adds or replaces a module (extension modules register here). */
export function registerModule(specifier: string, factory: ModuleFactory): void {
  lazy.delete(specifier)
  modules.set(specifier, factory)
}

/** Loads the lazy modules among `specifiers` (what a bundle imports); the rest are ignored. */
export async function loadModules(specifiers: Iterable<string>): Promise<void> {
  for (const s of new Set(specifiers)) {
    const load = lazy.get(s)
    if (!load) continue
    modules.set(s, await load())
    lazy.delete(s)
  }
}

export function supportedModules(): string[] {
  return [...modules.keys(), ...lazy.keys()]
}

export class UnknownModuleError extends Error {
  override readonly name = 'UnknownModuleError'
}

export function resolveModule(specifier: string): ModuleFactory {
  const f = modules.get(specifier)
  if (f) return f
  if (lazy.has(specifier)) {
    throw new Error(`internal error: the module "${specifier}" was not loaded; call loadModules() with the bundle's imports before the first VU`)
  }
  if (specifier.startsWith(JSLIB_SUMMARY_PREFIX)) return jslibSummaryModule
  const list = supportedModules().join(', ')
  if (K6_NOT_PROVIDED.includes(specifier)) {
    throw new UnknownModuleError(`the node engine does not provide "${specifier}" (it provides ${list}); run this script with a k6 binary instead`)
  }
  if (specifier.startsWith('k6/x/')) {
    throw new UnknownModuleError(`unknown extension module "${specifier}": the node engine provides ${list}`)
  }
  if (/^https?:\/\//.test(specifier)) {
    throw new UnknownModuleError(
      `cannot import "${specifier}": the node engine does not download remote modules (k6 does); vendor it into the bundle (the engine provides ${list} and ${JSLIB_SUMMARY_PREFIX}*)`,
    )
  }
  throw new UnknownModuleError(
    `cannot import "${specifier}": a k6 bundle may only import k6 modules and extensions (the node engine provides ${list}); bundle other code into the script`,
  )
}
