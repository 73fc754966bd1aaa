import { describe, expect, it } from 'vitest'
import { redactSecrets, redactText, redactUrl } from '../../stack/redact.ts'

describe('redactUrl', () => {
  it('hides the password of a postgres URL and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/prod')).toBe('postgres://app:***@db.example:5432/prod')
  })
  it('handles multi-host mongodb URLs that WHATWG URL cannot parse', () => {
    const out = redactUrl('mongodb://u:p%40ss@h1:27017,h2:27018/db?replicaSet=rs0')
    expect(out).toBe('mongodb://u:***@h1:27017,h2:27018/db?replicaSet=rs0')
  })
  it('covers a password that contains an unescaped @', () => {
    expect(redactUrl('postgresql://u:pa@ss@host/db')).toBe('postgresql://u:***@host/db')
  })
  it('leaves URLs without credentials unchanged', () => {
    expect(redactUrl('http://127.0.0.1:9090')).toBe('http://127.0.0.1:9090')
    expect(redactUrl('mongodb://127.0.0.1:27017/')).toBe('mongodb://127.0.0.1:27017/')
  })
  it('hides a password-only userinfo', () => {
    expect(redactUrl('redis://:hunter2@cache:6379')).toBe('redis://:***@cache:6379')
  })
})

describe('redactText', () => {
  it('redacts every URL and secret parameter inside free text', () => {
    const text = 'connecting to postgres://a:b@h/d and mongodb+srv://x:y@cluster/ with password=topsecret&user=a'
    const out = redactText(text)
    expect(out).not.toMatch(/\bb@|:y@|topsecret/)
    expect(out).toContain('postgres://a:***@h/d')
    expect(out).toContain('mongodb+srv://x:***@cluster/')
    expect(out).toContain('password=***&user=a')
  })
})

describe('redactSecrets', () => {
  it('replaces values under secret-looking keys and redacts nested URLs', () => {
    const input = {
      kafka: { brokers: ['h:9092'], sasl: { mechanism: 'PLAIN', username: 'u', password: 'pw' } },
      postgres: { url: 'postgres://u:pw@h/db' },
      apiToken: 'abc',
      list: [{ secret: 'x' }],
    }
    const out = redactSecrets(input)
    expect(out.kafka.sasl.password).toBe('***')
    expect(out.kafka.sasl.username).toBe('u')
    expect(out.postgres.url).toBe('postgres://u:***@h/db')
    expect(out.apiToken).toBe('***')
    expect(out.list[0]!.secret).toBe('***')
    // input untouched
    expect(input.kafka.sasl.password).toBe('pw')
  })
})
