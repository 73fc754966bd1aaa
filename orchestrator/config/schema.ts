// The run configuration: one zod schema for everything `npm run scenario` accepts, whatever the
// source (flag, env var, config file). Unknown keys are rejected so a typo is never ignored.
import { z } from 'zod'
import { parseDurationMs } from './duration.ts'

export const ENGINES = ['node', 'k6', 'docker', 'k6-operator'] as const
export type EngineName = (typeof ENGINES)[number]
export const DASHBOARD_MODES = ['auto', 'tty', 'plain', 'off'] as const

/** Outputs each engine can feed; prometheus-rw is written by the orchestrator for the node engine. */
export const OUTPUTS = ['json', 'csv', 'experimental-prometheus-rw', 'influxdb', 'opentelemetry'] as const

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/
/** A run id: it names report folders, Prometheus labels and SQL/Mongo filters, so a safe charset. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/

const positiveNumber = z.coerce
  .number({ error: 'expected a number' })
  .refine((n) => Number.isFinite(n) && n > 0, { error: 'expected a positive number' })
const positiveInt = z.coerce
  .number({ error: 'expected a whole number' })
  .int({ error: 'expected a whole number' })
  .positive({ error: 'expected a whole number >= 1' })

const duration = (example: string) =>
  z.string().transform((s, ctx) => {
    const ms = parseDurationMs(s)
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as ${example}, 90s or 1m30s, got "${s}"` })
      return z.NEVER
    }
    return ms
  })

const keyValue = (what: string) =>
  z.string().transform((s, ctx) => {
    const i = s.indexOf('=')
    const key = i > 0 ? s.slice(0, i) : ''
    if (!KEY.test(key)) {
      ctx.addIssue({ code: 'custom', message: `expected ${what} as KEY=VALUE (KEY: letters, digits, _), got "${s}"` })
      return z.NEVER
    }
    return [key, s.slice(i + 1)] as const
  })

const output = z.string().refine((s) => (OUTPUTS as readonly string[]).includes(s.split('=')[0]!), {
  error: `expected one of ${OUTPUTS.join(', ')} (optionally =ARG, e.g. json=out.json)`,
})

// -e keys the run sets itself or must share with its tail, drain and verifier: given to the script
// alone, RUN_ID would be replaced without a word, and a URL would send the load where the checks
// do not look.
const RUN_OWNED_ENV: Record<string, string> = {
  RUN_ID: 'the run id is --run-id (it also names reports/<run_id> and scopes every check)',
  PG_URL: 'set EVENTLOAD_PG_URL (or postgres.url in the config file), so the tail, drain and verifier use the same Postgres',
  KAFKA_BROKERS: 'set EVENTLOAD_KAFKA_BROKERS (or kafka.brokers in the config file), so the tail and drain use the same Kafka',
}

function runOwned(key: string): string | undefined {
  return RUN_OWNED_ENV[key.replace(/^EVENTLOAD_/, '')]
}

export const runConfigSchema = z
  .object({
    scenario: z.string().min(1),
    engine: z.enum(ENGINES, { error: `expected one of ${ENGINES.join(', ')}` }).default('node'),
    workers: positiveInt.max(256, { error: 'at most 256 workers' }).default(1),
    // Scenario knobs the k6-style flags set (see docs/orchestrator.md: they keep the load open-loop).
    rate: positiveNumber.optional(),
    duration: duration('30s').optional(),
    events: positiveInt.optional(),
    vus: positiveInt.optional(),
    env: z.array(keyValue('-e')).default([]),
    tag: z.array(keyValue('--tag')).default([]),
    out: z.array(output).default([]),
    profile: z.string().min(1).optional(),
    verify: z.boolean({ error: 'expected true or false' }).default(true),
    stack: z.boolean({ error: 'expected true or false' }).default(true),
    drainTimeout: duration('30s').default(30_000),
    consumerGroup: z.array(z.string().min(1)).optional(),
    reportDir: z.string().min(1).default('reports'),
    runId: z.string().regex(RUN_ID_PATTERN, { error: 'expected 1-100 of A-Z a-z 0-9 . _ : -' }).optional(),
    seed: z.string().min(1).optional(),
    k6Binary: z.string().min(1).default('k6'),
    image: z.string().min(1).default('eventload-k6:latest'),
    apply: z.boolean({ error: 'expected true or false' }).default(false),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'expected a Kubernetes namespace name' }).default('default'),
    dashboard: z.enum(DASHBOARD_MODES, { error: `expected one of ${DASHBOARD_MODES.join(', ')}` }).default('auto'),
    debug: z.boolean().default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.workers > 1 && c.engine !== 'node' && c.engine !== 'k6-operator') {
      ctx.addIssue({ code: 'custom', path: ['workers'], message: `--workers needs --engine node or k6-operator (got --engine ${c.engine})` })
    }
    if (c.apply && c.engine !== 'k6-operator') {
      ctx.addIssue({ code: 'custom', path: ['apply'], message: `--apply needs --engine k6-operator (got --engine ${c.engine})` })
    }
    c.env.forEach(([key], i) => {
      const owner = runOwned(key)
      if (owner) ctx.addIssue({ code: 'custom', path: ['env', i], message: `${key} is not a script knob here: ${owner}` })
    })
    if (c.rate !== undefined && c.duration !== undefined && c.events !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['events'], message: 'give at most two of --rate, --duration and --events (the third follows)' })
    }
  })

export type RunConfigInput = z.input<typeof runConfigSchema>
export type RunConfig = Omit<z.output<typeof runConfigSchema>, 'env' | 'tag'> & {
  env: Record<string, string>
  tag: Record<string, string>
  runId: string
}
