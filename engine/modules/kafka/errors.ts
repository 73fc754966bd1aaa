// xk6-kafka reports failures as "<what failed>, OriginalError: <cause>"; keeping that shape lets
// a script's error handling and a reader of the logs see the same text in both engines.
export class KafkaError extends Error {
  constructor(message: string, cause?: unknown) {
    super(cause === undefined ? message : `${message}, OriginalError: ${describe(cause)}`, cause === undefined ? undefined : { cause })
    this.name = 'Xk6KafkaError'
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const nested = (cause as { errors?: unknown }).errors
    if (Array.isArray(nested) && nested.length > 0) {
      return `${cause.message} (${nested.map((e) => (e instanceof Error ? e.message : String(e))).join('; ')})`
    }
    return cause.message
  }
  return String(cause)
}

/** xk6-kafka throws this when produce/consume run in init code (no VU state there). */
export function forbiddenInInit(call: string): KafkaError {
  return new KafkaError(
    `Producing Kafka messages in the init context is not supported (${call}): call it in the default function, setup() or teardown()`,
  )
}
