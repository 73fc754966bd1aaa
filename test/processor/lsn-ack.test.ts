import { describe, expect, it } from 'vitest'
import { AckTracker } from '../../processor/relay/ack-tracker.ts'
import { formatLsn, parseLsn } from '../../processor/relay/lsn.ts'

describe('LSN text', () => {
  it('round-trips the X/Y hex form Postgres uses', () => {
    expect(parseLsn('0/16B6C50')).toBe(0x16b6c50n)
    expect(parseLsn('1/0')).toBe(1n << 32n)
    expect(formatLsn(parseLsn('AB/CDEF0123'))).toBe('AB/CDEF0123')
    expect(parseLsn('ab/cdef0123')).toBe(parseLsn('AB/CDEF0123'))
  })

  it('refuses malformed text with the expected form', () => {
    expect(() => parseLsn('16B6C50')).toThrow(/expected hex "X\/Y"/)
    expect(() => parseLsn('0/123456789')).toThrow(/invalid LSN/)
  })
})

describe('AckTracker', () => {
  it('confirms a transaction only when Kafka acknowledged all its records', () => {
    const t = new AckTracker(10n)
    const a = t.commit(100n, 2)
    t.done(a)
    expect(t.confirmed).toBe(10n)
    t.done(a)
    expect(t.confirmed).toBe(100n)
  })

  it('never confirms past an earlier transaction that is still pending', () => {
    const t = new AckTracker()
    const a = t.commit(100n, 1)
    const b = t.commit(200n, 1)
    const c = t.commit(300n, 1)
    t.done(c)
    t.done(b)
    expect(t.confirmed).toBe(0n)
    expect(t.openTransactions).toBe(3)
    t.done(a)
    expect(t.confirmed).toBe(300n)
    expect(t.openTransactions).toBe(0)
  })

  it('treats a transaction without rows as done at once, but only after its predecessors', () => {
    const t = new AckTracker()
    const a = t.commit(100n, 1)
    t.commit(150n, 0)
    expect(t.confirmed).toBe(0n)
    t.done(a)
    expect(t.confirmed).toBe(150n)
  })

  it('advances to a keepalive position only when nothing is outstanding', () => {
    const t = new AckTracker()
    const a = t.commit(100n, 1)
    t.idle(500n)
    expect(t.confirmed).toBe(0n)
    t.done(a)
    t.idle(500n)
    expect(t.confirmed).toBe(500n)
    t.idle(400n)
    expect(t.confirmed).toBe(500n)
  })

  it('rejects an out-of-order commit and over-acknowledgement', () => {
    const t = new AckTracker()
    const a = t.commit(100n, 1)
    expect(() => t.commit(90n, 1)).toThrow(/out of order/)
    expect(() => t.done(a, 2)).toThrow(/only 1 were pending/)
  })

  it('counts pending records across open transactions', () => {
    const t = new AckTracker()
    t.commit(100n, 3)
    t.commit(200n, 2)
    expect(t.pendingRecords).toBe(5)
  })
})
