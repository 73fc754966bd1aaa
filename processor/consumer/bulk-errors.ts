// Per-operation failures of an unordered bulk write, or undefined when the error is not one
// (network, server down): callers tolerate some codes and rethrow everything else.
import { MongoBulkWriteError, type WriteError } from 'mongodb'

export const DUPLICATE_KEY = 11000

export function bulkWriteErrors(error: unknown): WriteError[] | undefined {
  if (!(error instanceof MongoBulkWriteError)) return undefined
  return error.result.hasWriteErrors() ? error.result.getWriteErrors() : undefined
}
