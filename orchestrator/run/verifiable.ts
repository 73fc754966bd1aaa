// The verifier's source of truth is the run's rows in Postgres: MongoDB is checked against them,
// and the drain and the live view find a run's documents by their committed ids. A scenario that
// writes no SQL at all, only Kafka (kafka-direct), leaves nothing there, so its verification can
// only fail (after a full drain timeout, with every document a "phantom"). Said up front instead.
import { requiredExtensionsOf } from '../engines/k6-extensions.ts'

export function unverifiableReason(scenario: string, bundle: string): string | undefined {
  const ext = requiredExtensionsOf(bundle)
  if (!ext.includes('k6/x/kafka') || ext.some((e) => e.startsWith('k6/x/sql'))) return undefined
  return (
    `scenario ${scenario} produces straight to Kafka, so Postgres holds none of its events and the ` +
    `drain and verification (which check MongoDB against Postgres) cannot pass; run it with --no-verify ` +
    `(the load and its arrival in Kafka)`
  )
}
