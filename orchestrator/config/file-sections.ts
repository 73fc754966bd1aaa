// The config file's top level: the connection sections (stack/connections.ts) and "run" (the run
// settings, sources.ts). Both readers take only their own keys, so a misspelt section
// ("postgress", "Run") would otherwise be ignored and the run would quietly use the local stack
// or the defaults instead of what the user wrote.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CONNECTION_SERVICES } from '../../stack/connections.ts'

const SECTIONS: readonly string[] = [...CONNECTION_SERVICES, 'run']

/** One issue per unknown top-level key of the config file (none when it is missing or not JSON: reported elsewhere). */
export function unknownFileSections(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const path = resolve(cwd, env.EVENTLOAD_CONFIG || 'eventload.config.json')
  if (!existsSync(path)) return []
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return []
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return []
  // "$schema" is what editors add to point at a JSON Schema; it configures nothing.
  return Object.keys(data)
    .filter((key) => key !== '$schema' && !SECTIONS.includes(key))
    .map((key) => `${path}: ${key}: unknown section; expected ${SECTIONS.join(', ')}`)
}
