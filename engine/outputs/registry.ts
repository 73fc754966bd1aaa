// `--out name[=arg]` -> output. Built in: json, csv. Others (e.g. experimental-prometheus-rw)
// register a factory here.
import { ConfigError } from '../run/exit-codes.ts'
import { csvOutput } from './csv.ts'
import { jsonOutput } from './json.ts'
import type { Output, OutputFactory, OutputParams } from './output.ts'

const outputs = new Map<string, OutputFactory>([
  ['json', jsonOutput],
  ['csv', csvOutput],
])

const REMOVED = ['statsd', 'datadog', 'kafka']

export function registerOutput(name: string, factory: OutputFactory): void {
  outputs.set(name, factory)
}

/** Splits "json=out.json" into name and arg. */
export function parseOutputArg(spec: string): { name: string; arg: string } {
  const i = spec.indexOf('=')
  return i === -1 ? { name: spec, arg: '' } : { name: spec.slice(0, i), arg: spec.slice(i + 1) }
}

export function createOutput(spec: string, params: Omit<OutputParams, 'arg'>): Output {
  const { name, arg } = parseOutputArg(spec)
  const factory = outputs.get(name)
  if (!factory) {
    if (REMOVED.includes(name)) throw new ConfigError(`the ${name} output was removed from k6 (use an extension); the node engine does not provide it`)
    throw new ConfigError(`unknown output "${name}" in --out ${spec} (the node engine provides ${[...outputs.keys()].join(', ')})`)
  }
  return factory({ ...params, arg })
}
