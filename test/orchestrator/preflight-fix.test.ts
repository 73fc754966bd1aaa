// A preflight problem's fix names the setting the user actually wrote: the env var, or the
// config file's key (was always the env var, even for a URL from eventload.config.json).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { problemsOf, type ServiceCheck } from '../../orchestrator/run/services.ts'
import { loadConnections } from '../../stack/connections.ts'
import { tempDir } from './helpers.ts'

const down = (service: 'postgres' | 'kafka', url: string): ServiceCheck => ({ service, healthy: false, url, detail: 'connect ECONNREFUSED' })

describe('preflight fixes name where the address came from', () => {
  it('config file: the file and its key', () => {
    using t = tempDir()
    const file = join(t.dir, 'conn.json')
    writeFileSync(file, JSON.stringify({ postgres: { url: 'postgres://app:pw@db:5432/app' }, kafka: { brokers: ['k1:9092'] } }))
    const c = loadConnections({ env: { EVENTLOAD_CONFIG: file }, cwd: t.dir })
    const [pg, kafka] = problemsOf([down('postgres', 'postgres://app:***@db:5432/app'), down('kafka', 'kafka://k1:9092')], c)
    expect(pg!.fix).toContain(`or fix postgres.url in ${file}`)
    expect(kafka!.fix).toContain(`or fix kafka.brokers in ${file}`)
  })

  it('environment: the env var', () => {
    using t = tempDir()
    const c = loadConnections({ env: { EVENTLOAD_PG_URL: 'postgres://app:pw@db:5432/app' }, cwd: t.dir })
    expect(problemsOf([down('postgres', 'postgres://app:***@db:5432/app')], c)[0]!.fix).toContain('or fix EVENTLOAD_PG_URL')
  })
})
