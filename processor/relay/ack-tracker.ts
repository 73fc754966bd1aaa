// Decides which LSN the relay may confirm to Postgres. A transaction is "done" once Kafka has
// acknowledged every one of its records; the slot may only move to the end of a transaction
// when it and every transaction received before it are done, otherwise a crash would lose
// the earlier, still unacknowledged rows. Transactions arrive in commit order on the
// replication stream, so a FIFO of open transactions is enough.

export interface TrackedTransaction {
  /** commit end LSN: confirming it tells Postgres this transaction never needs resending */
  readonly endLsn: bigint
  pending: number
}

export class AckTracker {
  readonly #open: TrackedTransaction[] = []
  #confirmed: bigint

  constructor(startLsn = 0n) {
    this.#confirmed = startLsn
  }

  /** Registers a committed transaction whose `records` are (or will be) on their way to Kafka. */
  commit(endLsn: bigint, records: number): TrackedTransaction {
    const last = this.#open.at(-1)?.endLsn ?? this.#confirmed
    if (endLsn < last) {
      throw new Error(`transaction end LSN ${endLsn} arrived after ${last}: the replication stream is out of order`)
    }
    const txn: TrackedTransaction = { endLsn, pending: records }
    this.#open.push(txn)
    this.#advance()
    return txn
  }

  /** Kafka acknowledged `count` records of `txn`. */
  done(txn: TrackedTransaction, count = 1): void {
    if (count > txn.pending) throw new Error(`acknowledged ${count} records but only ${txn.pending} were pending`)
    txn.pending -= count
    this.#advance()
  }

  /**
   * A keepalive reported the server's WAL position while nothing of ours was outstanding:
   * everything before it has been decoded and sent, so it can be confirmed too (keeps the
   * slot from retaining WAL while the events table is quiet).
   */
  idle(serverLsn: bigint): void {
    if (this.#open.length === 0 && serverLsn > this.#confirmed) this.#confirmed = serverLsn
  }

  /** Highest LSN all of whose preceding records Kafka has acknowledged. */
  get confirmed(): bigint {
    return this.#confirmed
  }

  get openTransactions(): number {
    return this.#open.length
  }

  get pendingRecords(): number {
    return this.#open.reduce((sum, txn) => sum + txn.pending, 0)
  }

  #advance(): void {
    while (this.#open.length > 0 && this.#open[0]!.pending === 0) {
      this.#confirmed = this.#open.shift()!.endLsn
    }
  }
}
