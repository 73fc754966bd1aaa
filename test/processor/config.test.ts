import { describe, expect, it, vi } from 'vitest'
import { main } from '../../processor/cli.ts'
import { resolveConfig } from '../../processor/config.ts'
import { topology } from '../../stack/topology.ts'

const env = { EVENTLOAD_STATE_DIR: '/tmp/eventload-test-state' } as NodeJS.ProcessEnv

describe('resolveConfig', () => {
  it('defaults every name to the stack topology', () => {
    const c = resolveConfig('run', {}, env)
    expect(c).toMatchObject({
      topic: topology.kafka.topics[0].name,
      partitions: topology.kafka.topics[0].partitions,
      group: topology.processor.consumerGroup,
      projectionGroup: `${topology.processor.consumerGroup}-projections`,
      slot: topology.processor.replicationSlot,
      publication: topology.processor.publication,
      metricsPort: topology.processor.metricsPort,
      table: { schema: 'public', name: 'events' },
      faultLog: null,
    })
    expect(c.faults.drop + c.faults.duplicate + c.faults.corrupt + c.faults.reorder + c.faults.delayMs + c.faults.phantom).toBe(0)
  })

  it('refuses faults unless explicitly enabled, naming how to enable them', () => {
    expect(() => resolveConfig('run', { faults: 'drop=0.1' }, env)).toThrow(/--enable-faults \(or EVENTLOAD_ENABLE_FAULTS=1\)/)
    expect(resolveConfig('run', { faults: 'drop=0.1', enableFaults: true }, env).faults.drop).toBe(0.1)
    const c = resolveConfig('run', { faults: 'drop=0.1', faultSeed: '42', group: 'g' }, { ...env, EVENTLOAD_ENABLE_FAULTS: '1' })
    expect(c.faults.seed).toBe('42')
    expect(c.faultLog).toBe('/tmp/eventload-test-state/faults/g-seed-42.jsonl')
  })

  it('reports bad options with the option name', () => {
    expect(() => resolveConfig('run', { faults: 'drop=2', enableFaults: true }, env)).toThrow(/--faults: drop "2" must be a probability/)
    expect(() => resolveConfig('run', { faultSeed: '1' }, env)).toThrow(/only make sense with --faults/)
    expect(() => resolveConfig('run', { slot: 'Bad-Slot' }, env)).toThrow(/--slot: expected a lower-case SQL identifier/)
    expect(() => resolveConfig('run', { partitions: '0' }, env)).toThrow(/--partitions/)
    expect(() => resolveConfig('run', { table: 'a.b.c' }, env)).toThrow(/--table/)
  })

  it('takes schema-qualified tables, --no-projections and metrics port -1', () => {
    const c = resolveConfig('consumer', { table: 'audit.events', projections: false, metricsPort: '-1' }, env)
    expect(c.table).toEqual({ schema: 'audit', name: 'events' })
    expect(c.projectionGroup).toBeNull()
    expect(c.metricsPort).toBeNull()
  })
})

describe('processor CLI', () => {
  it('exits 2 on usage errors without starting anything', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      expect(await main(['run', '--faults', 'drop=0.1'])).toBe(2)
      expect(await main(['nonsense'])).toBe(2)
      expect(await main(['relay', '--batch-size', 'lots'])).toBe(2)
      const said = stderr.mock.calls.map((c) => String(c[0])).join('')
      expect(said).toMatch(/refused unless --enable-faults/)
      expect(said).toMatch(/--batch-size/)
    } finally {
      stderr.mockRestore()
    }
  })
})
