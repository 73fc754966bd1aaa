import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConnectionsConfigError, describeConnections, loadConnections } from '../../stack/connections.ts'
import { topology } from '../../stack/topology.ts'

const emptyDir = () => mkdtempSync(join(tmpdir(), 'eventload-conn-'))

function errorOf(fn: () => unknown): ConnectionsConfigError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConnectionsConfigError) return err
    throw err
  }
  throw new Error('expected a ConnectionsConfigError')
}

describe('loadConnections', () => {
  it('defaults to the local stack from topology when nothing is configured', () => {
    const c = loadConnections({ env: {}, cwd: emptyDir() })
    expect(c.postgres.url).toContain(`:${topology.postgres.port}/${topology.postgres.database}`)
    expect(c.kafka.brokers).toEqual([`127.0.0.1:${topology.kafka.port}`])
    expect(c.mongo.url).toContain(`:${topology.mongo.port}`)
    expect(c.mongo.database).toBe(topology.mongo.database)
    expect(c.prometheus.url).toBe(`http://127.0.0.1:${topology.prometheus.port}`)
    expect(Object.values(c.external)).toEqual([false, false, false, false])
  })

  it('follows port overrides for the local defaults', () => {
    const c = loadConnections({ env: { EVENTLOAD_PG_PORT: '15432', EVENTLOAD_KAFKA_PORT: '19092' }, cwd: emptyDir() })
    expect(c.postgres.url).toContain(':15432/')
    expect(c.kafka.brokers).toEqual(['127.0.0.1:19092'])
  })

  it('env vars win over the config file, and mark services external', () => {
    const dir = emptyDir()
    writeFileSync(
      join(dir, 'eventload.config.json'),
      JSON.stringify({ kafka: { brokers: ['file-host:9092'] }, prometheus: { url: 'http://prom:9090' }, scenario: 'smoke' }),
    )
    const c = loadConnections({
      env: { EVENTLOAD_KAFKA_BROKERS: 'a:1, b:2', MONGODB_URI: 'mongodb://u:p@m:27017/' },
      cwd: dir,
    })
    expect(c.kafka.brokers).toEqual(['a:1', 'b:2'])
    expect(c.source.kafka).toBe('env')
    expect(c.prometheus.url).toBe('http://prom:9090')
    expect(c.source.prometheus).toBe('file')
    expect(c.external).toEqual({ postgres: false, kafka: true, mongo: true, prometheus: true })
    expect(c.configFile).toBe(join(dir, 'eventload.config.json'))
  })

  it('EVENTLOAD_MONGO_URL wins over MONGODB_URI; a database name alone is not external', () => {
    const c = loadConnections({
      env: { EVENTLOAD_MONGO_URL: 'mongodb://one/', MONGODB_URI: 'mongodb://two/' },
      cwd: emptyDir(),
    })
    expect(c.mongo.url).toBe('mongodb://one/')
    const d = loadConnections({ env: { EVENTLOAD_MONGO_DB: 'other' }, cwd: emptyDir() })
    expect(d.mongo.database).toBe('other')
    expect(d.external.mongo).toBe(false)
  })

  it('names the offending env var and the expected form', () => {
    const err = errorOf(() =>
      loadConnections({
        env: { EVENTLOAD_PG_URL: 'mysql://x', EVENTLOAD_KAFKA_BROKERS: 'nohost', EVENTLOAD_KAFKA_SSL: 'maybe' },
        cwd: emptyDir(),
      }),
    )
    expect(err.issues).toContain('EVENTLOAD_PG_URL: expected a URL like postgres://user:pass@host:5432/db')
    expect(err.issues).toContain('EVENTLOAD_KAFKA_BROKERS[0]: expected host:port, e.g. 127.0.0.1:9092')
    expect(err.issues).toContain('EVENTLOAD_KAFKA_SSL: expected true or false')
  })

  it('names the file and field for config file errors, and rejects unknown keys in a section', () => {
    const dir = emptyDir()
    const file = join(dir, 'conn.json')
    writeFileSync(file, JSON.stringify({ mongo: { url: 'http://nope', databse: 'x' } }))
    const err = errorOf(() => loadConnections({ env: { EVENTLOAD_CONFIG: file }, cwd: dir }))
    expect(err.issues).toContain(`${file}: mongo.url: expected a URL like mongodb://host:27017/`)
    expect(err.issues.some((i) => i.startsWith('mongo') && i.includes('databse'))).toBe(true)
  })

  it('reports a missing EVENTLOAD_CONFIG file and bad JSON', () => {
    const dir = emptyDir()
    expect(errorOf(() => loadConnections({ env: { EVENTLOAD_CONFIG: 'missing.json' }, cwd: dir })).issues[0]).toMatch(
      /^EVENTLOAD_CONFIG: file not found: /,
    )
    writeFileSync(join(dir, 'eventload.config.json'), '{oops')
    expect(errorOf(() => loadConnections({ env: {}, cwd: dir })).issues[0]).toMatch(/eventload\.config\.json: not valid JSON/)
  })

  it('requires all SASL settings together and validates the mechanism', () => {
    const partial = errorOf(() => loadConnections({ env: { EVENTLOAD_KAFKA_SASL_USERNAME: 'u' }, cwd: emptyDir() }))
    expect(partial.issues[0]).toMatch(/EVENTLOAD_KAFKA_SASL_MECHANISM, EVENTLOAD_KAFKA_SASL_PASSWORD: required/)
    const bad = errorOf(() =>
      loadConnections({
        env: { EVENTLOAD_KAFKA_SASL_MECHANISM: 'gssapi', EVENTLOAD_KAFKA_SASL_USERNAME: 'u', EVENTLOAD_KAFKA_SASL_PASSWORD: 'p' },
        cwd: emptyDir(),
      }),
    )
    expect(bad.issues).toContain('EVENTLOAD_KAFKA_SASL_MECHANISM: expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512')
  })

  it('never prints passwords when describing connections', () => {
    const c = loadConnections({
      env: {
        EVENTLOAD_PG_URL: 'postgres://u:pgsecret@h/db',
        EVENTLOAD_MONGO_URL: 'mongodb://u:mongosecret@h/',
        EVENTLOAD_KAFKA_SASL_MECHANISM: 'plain',
        EVENTLOAD_KAFKA_SASL_USERNAME: 'u',
        EVENTLOAD_KAFKA_SASL_PASSWORD: 'kafkasecret',
      },
      cwd: emptyDir(),
    })
    expect(c.kafka.sasl?.mechanism).toBe('PLAIN')
    const text = describeConnections(c).join('\n')
    expect(text).not.toMatch(/pgsecret|mongosecret|kafkasecret/)
    expect(text).toContain('postgres://u:***@h/db')
  })
})
