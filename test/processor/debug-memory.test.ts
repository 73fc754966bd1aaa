import { describe, expect, it } from 'vitest'
import { ProcessorConfigError } from '../../processor/config.ts'
import { memoryDebugInterval, sampleMemory, startMemoryDebug } from '../../processor/debug-memory.ts'

describe('EVENTLOAD_DEBUG_MEMORY', () => {
  it('is off when unset or empty, and takes whole or fractional seconds from 1 to 3600', () => {
    expect(memoryDebugInterval({})).toBeNull()
    expect(memoryDebugInterval({ EVENTLOAD_DEBUG_MEMORY: ' ' })).toBeNull()
    expect(memoryDebugInterval({ EVENTLOAD_DEBUG_MEMORY: '15' })).toBe(15)
    expect(memoryDebugInterval({ EVENTLOAD_DEBUG_MEMORY: '1.5' })).toBe(1.5)
  })

  it('refuses anything else with an error naming the variable and the fix', () => {
    for (const bad of ['0', '-5', 'abc', '3601', '10s']) {
      expect(() => memoryDebugInterval({ EVENTLOAD_DEBUG_MEMORY: bad })).toThrow(ProcessorConfigError)
      expect(() => memoryDebugInterval({ EVENTLOAD_DEBUG_MEMORY: bad })).toThrow(/EVENTLOAD_DEBUG_MEMORY=".*": expected seconds.*unset it/)
    }
  })

  it('logs a parseable sample at once, and says whether a GC ran before it', () => {
    const lines: string[] = []
    const stop = startMemoryDebug(60, (line) => lines.push(line))
    stop()
    expect(lines).toHaveLength(1)
    const sample = JSON.parse(lines[0]!.replace(/^memory /, '')) as ReturnType<typeof sampleMemory>
    expect(sample.rssMb).toBeGreaterThan(0)
    expect(sample.heapUsedMb).toBeGreaterThan(0)
    expect(sample.heapUsedMb).toBeLessThanOrEqual(sample.heapTotalMb)
    expect(sample.afterGc).toBe(true) // a full GC always runs first, with or without --expose-gc
  })
})
