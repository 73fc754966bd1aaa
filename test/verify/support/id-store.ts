// A stand-in for the MongoDB collection the arrival tracker looks ids up in (unit tests only):
// which ids have a document, and every batch it was asked for.
import type { Document } from 'mongodb'

export function idStore(present: Iterable<string>, doc: (id: string) => Document = (id) => ({ _id: id })) {
  const docs = new Set(present)
  const asked: string[][] = []
  return {
    docs,
    asked,
    lookup: (ids: string[]): Promise<Document[]> => {
      asked.push([...ids])
      return Promise.resolve(ids.filter((id) => docs.has(id)).map(doc))
    },
  }
}
