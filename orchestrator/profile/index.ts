// Pipeline profiles: the zod schema, the reference processor's default, and the file loader.
export { defaultProfile, DEFAULT_PROFILE_INPUT, PAYLOAD_FIELD_TYPES, projectionsFromRules } from './default.ts'
export { loadProfile, parseProfile, profileJsonSchema, ProfileError } from './load.ts'
export { ident, qualifiedTable, rowPathText } from './sql.ts'
export {
  profileSchema,
  type EventTypeProfile,
  type FieldType,
  type KafkaRef,
  type KafkaTimestampRef,
  type PipelineProfile,
  type PipelineProfileInput,
  type ProjectionProfile,
  type TimestampFormat,
} from './schema.ts'
