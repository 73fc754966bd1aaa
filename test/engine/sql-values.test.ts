// Unit tests for k6/x/sql's pieces that need no database: Go durations, DSN reading, open
// options, lib/pq value shapes and parameter rules. Expectations come from Go's time package
// docs, libpq's conninfo format and lib/pq's textDecode (see the reference notes §1.3).
import { describe, expect, it } from 'vitest'
import { parseDsn } from '../../engine/modules/sql/dsn.ts'
import { parseGoDurationMs, parseGoDurationNs } from '../../engine/modules/sql/go-duration.ts'
import { parseOpenOptions } from '../../engine/modules/sql/options.ts'
import { libpqTypes, toParam } from '../../engine/modules/sql/values.ts'

const parse = (oid: number, text: string): unknown => (libpqTypes.getTypeParser as (oid: number) => (s: string) => unknown)(oid)(text)

describe('Go durations', () => {
  it('parses the forms time.ParseDuration accepts', () => {
    expect(parseGoDurationMs('300ms')).toBe(300)
    expect(parseGoDurationMs('1.5s')).toBe(1500)
    expect(parseGoDurationMs('2h45m')).toBe((2 * 3600 + 45 * 60) * 1000)
    expect(parseGoDurationNs('1µs')).toBe(1000)
    expect(parseGoDurationNs('1us')).toBe(1000)
    expect(parseGoDurationMs('-1.5h')).toBe(-5_400_000)
    expect(parseGoDurationMs('0')).toBe(0)
    expect(parseGoDurationMs('.5s')).toBe(500)
  })

  it('rejects what Go rejects, naming the expected form', () => {
    for (const bad of ['', '1', '1x', 's', '1.s5', '300 ms']) {
      expect(() => parseGoDurationMs(bad)).toThrow(/invalid duration.*such as "300ms"/)
    }
  })
})

describe('DSN', () => {
  it('reads the URL form and keeps the password out of messages', () => {
    const d = parseDsn('postgres://bob:s%40cret@db.example:6543/shop?sslmode=disable&application_name=k6&search_path=app')
    expect(d.config).toMatchObject({ host: 'db.example', port: 6543, user: 'bob', password: 's@cret', database: 'shop', ssl: false, application_name: 'k6' })
    expect(d.config.options).toBe('-c search_path=app')
    expect(d.sslmodeMissing).toBe(false)
    expect(d.safe).not.toContain('s%40cret')
  })

  it('reads the libpq key/value form with quoted values', () => {
    const d = parseDsn("host=localhost port=5432 user=eve password='a b\\'c' dbname=x sslmode=require connect_timeout=3")
    expect(d.config).toMatchObject({ host: 'localhost', port: 5432, user: 'eve', password: "a b'c", database: 'x', connectionTimeoutMillis: 3000 })
    expect(d.config.ssl).toEqual({ rejectUnauthorized: false })
  })

  it('flags a missing sslmode (lib/pq would default to require)', () => {
    expect(parseDsn('postgres://u:p@h/db').sslmodeMissing).toBe(true)
  })

  it('fails clearly on bad input without leaking the password', () => {
    expect(() => parseDsn('')).toThrow(/connection string is empty/)
    expect(() => parseDsn('postgres://u:topsecret@h/db?sslmode=sometimes')).toThrow(/unknown sslmode "sometimes"/)
    expect(() => parseDsn('postgres://u:topsecret@h/db?sslmode=sometimes')).not.toThrow(/topsecret/)
    expect(() => parseDsn('host=h port=abc')).toThrow(/invalid port/)
  })
})

describe('open options', () => {
  it('maps the four xk6-sql options', () => {
    expect(parseOpenOptions({ max_open_conns: 3, max_idle_conns: 1, conn_max_idle_time: '30s', conn_max_lifetime: '5m' })).toEqual({
      maxOpenConns: 3,
      maxIdleConns: 1,
      connMaxIdleTimeMs: 30_000,
      connMaxLifetimeMs: 300_000,
    })
    expect(parseOpenOptions(undefined)).toMatchObject({ maxOpenConns: 0, maxIdleConns: 2 })
  })

  it('names the valid options on a typo and the expected type on a bad value', () => {
    expect(() => parseOpenOptions({ maxOpenConns: 2 })).toThrow(/unknown option "maxOpenConns".*max_open_conns/)
    expect(() => parseOpenOptions({ conn_max_lifetime: 30 })).toThrow(/Go duration string/)
    expect(() => parseOpenOptions({ max_open_conns: -1 })).toThrow(/whole number >= 0/)
  })
})

describe('lib/pq value shapes', () => {
  it('decodes text, ints, floats and booleans to JS values', () => {
    expect(parse(25, 'hi')).toBe('hi')
    expect(parse(1043, 'hi')).toBe('hi')
    expect(parse(20, '9007199254740993')).toBe(9007199254740992) // int64 -> float64, as in k6
    expect(parse(23, '-7')).toBe(-7)
    expect(parse(701, '1.1')).toBe(1.1)
    expect(parse(700, '1.1')).toBe(Math.fround(1.1)) // float4 parsed at 32 bits
    expect(parse(16, 't')).toBe(true)
    expect(parse(16, 'f')).toBe(false)
  })

  it('decodes timestamps: timestamptz by its offset, timestamp and date as UTC', () => {
    expect((parse(1184, '2024-05-06 07:08:09.123+02') as Date).toISOString()).toBe('2024-05-06T05:08:09.123Z')
    expect((parse(1184, '2024-05-06 07:08:09+05:30') as Date).toISOString()).toBe('2024-05-06T01:38:09.000Z')
    expect((parse(1114, '2024-05-06 07:08:09') as Date).toISOString()).toBe('2024-05-06T07:08:09.000Z')
    expect((parse(1082, '2024-05-06') as Date).toISOString()).toBe('2024-05-06T00:00:00.000Z')
  })

  it('returns the raw text bytes for every other type (uuid, numeric, jsonb, bpchar)', () => {
    for (const [oid, text] of [
      [2950, '6f1c1c1e-0000-4000-8000-000000000001'],
      [1700, '12.50'],
      [3802, '{"a": 1}'],
      [1042, 'ab '],
    ] as const) {
      const v = parse(oid, text)
      expect(v).toBeInstanceOf(Uint8Array)
      expect(Buffer.isBuffer(v)).toBe(false)
      expect(String.fromCharCode(...(v as Uint8Array))).toBe(text)
    }
  })

  it('decodes bytea hex into its bytes', () => {
    expect([...(parse(17, '\\x0102ff') as Uint8Array)]).toEqual([1, 2, 255])
  })
})

describe('parameters', () => {
  it('passes scalars, dates and bytes through', () => {
    const d = new Date()
    expect(toParam('a', 1)).toBe('a')
    expect(toParam(2, 1)).toBe(2)
    expect(toParam(true, 1)).toBe(true)
    expect(toParam(undefined, 1)).toBeNull()
    expect(toParam(d, 1)).toBe(d)
    expect(Buffer.isBuffer(toParam(new Uint8Array([1, 2]), 1))).toBe(true)
  })

  it('rejects arrays and objects as database/sql does, with the cast that works in both engines', () => {
    expect(() => toParam([1, 2], 2)).toThrow(/argument \$2.*ANY\(\$2::int\[\]\)/)
    expect(() => toParam({ a: 1 }, 1)).toThrow(/JSON.stringify.*\$1::jsonb/)
  })
})
