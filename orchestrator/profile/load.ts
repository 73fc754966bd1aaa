// Loads a pipeline profile from --profile FILE (JSON or YAML), or the default one. Every problem
// is reported at once as `file: path: message`, so a user fixes the file in one go.
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { defaultProfile } from './default.ts'
import { profileSchema, type PipelineProfile } from './schema.ts'

export class ProfileError extends Error {
  override name = 'ProfileError'
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`invalid pipeline profile ${source}:\n${issues.map((i) => `  - ${i}`).join('\n')}`)
  }
}

/** Validates an already parsed profile object; `source` names it in errors. */
export function parseProfile(data: unknown, source = '(inline)'): PipelineProfile {
  const parsed = profileSchema.safeParse(data)
  if (parsed.success) return parsed.data
  throw new ProfileError(
    source,
    parsed.error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`),
  )
}

/** The profile in `file` (.json, .yaml or .yml), or the reference processor's when no file is given. */
export async function loadProfile(file?: string): Promise<PipelineProfile> {
  if (!file) return defaultProfile()
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ProfileError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the --profile path`])
  }
  let data: unknown
  try {
    data = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new ProfileError(file, [`not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`])
  }
  return parseProfile(data, file)
}

/** JSON Schema of the profile file, for editors and docs. */
export function profileJsonSchema(): unknown {
  return z.toJSONSchema(profileSchema, { io: 'input', unrepresentable: 'any' })
}
