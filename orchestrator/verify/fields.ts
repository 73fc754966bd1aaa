// Required fields and their types, per event type (profile.events[type].required plus
// profile.commonRequired), checked on each MongoDB document.
import type { FieldType, PipelineProfile } from '../profile/schema.ts'
import { readPath } from './normalize.ts'

const isBson = (v: unknown, ...types: string[]): boolean =>
  v !== null && typeof v === 'object' && types.includes((v as { _bsontype?: string })._bsontype ?? '')

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'present':
      return value !== null && value !== undefined
    case 'string':
      return typeof value === 'string'
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || isBson(value, 'Long', 'Int32', 'Double', 'Decimal128')
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || isBson(value, 'Long', 'Int32')
    case 'boolean':
      return typeof value === 'boolean'
    case 'array':
      return Array.isArray(value)
    case 'date':
      return (value instanceof Date && !Number.isNaN(value.getTime())) || (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !isBson(value, 'Long', 'Int32', 'Double', 'Decimal128', 'ObjectId', 'Binary')
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a date'
  return `a ${typeof value}`
}

export class FieldChecker {
  readonly #common: [string, FieldType][]
  readonly #byType = new Map<string, [string, FieldType][]>()

  constructor(profile: PipelineProfile) {
    this.#common = Object.entries(profile.commonRequired)
    for (const [type, spec] of Object.entries(profile.events)) this.#byType.set(type, Object.entries(spec.required))
  }

  /** Problems of one document (payload already decoded); empty when it is fine. */
  check(doc: unknown, type: string | null): string[] {
    const problems: string[] = []
    const specs = type !== null ? [...this.#common, ...(this.#byType.get(type) ?? [])] : this.#common
    for (const [path, expected] of specs) {
      const value = readPath(doc, path)
      if (!hasType(value, expected)) problems.push(`${path}: expected ${expected}, got ${describe(value)}`)
    }
    return problems
  }
}
