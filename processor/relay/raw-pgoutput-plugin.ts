// pg-logical-replication decodes column text with pg's global type parsers, which turn
// timestamptz into a Date (microseconds lost) and int8 into text. We replace each relation's
// parsers with identity as soon as the relation message is parsed, before any row of that
// relation, and type the values ourselves (pg-values.ts).
import { PgoutputPlugin } from 'pg-logical-replication'
import type { Pgoutput } from 'pg-logical-replication'

const keepText = (raw: unknown): unknown => raw

export class RawTextPgoutputPlugin extends PgoutputPlugin {
  override parse(buffer: Buffer): Pgoutput.Message {
    const message = super.parse(buffer)
    if (message.tag === 'relation') {
      for (const column of message.columns) column.parser = keepText
    }
    return message
  }
}
