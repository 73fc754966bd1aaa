// deploy/: the nightly schedules parse and hold what the documented patterns need
// (k6-extensions-and-operator.md §4.3 for the CronJob, §5 for the workflow). No cluster and no
// GitHub here, so the files are checked as data.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { parse, parseAllDocuments, stringify } from 'yaml'
import { RUN_ID_PATTERN } from '../../orchestrator/config/schema.ts'
import { renderOperatorManifests } from '../../orchestrator/engines/k6-operator.ts'
import { testConfig } from './helpers.ts'
import { describe, expect, it } from 'vitest'

const DEPLOY = join(import.meta.dirname, '../../deploy')
const CRON = /^(\S+\s+){4}\S+$/

describe('deploy/kubernetes/soak-cronjob.yaml', () => {
  const docs = parseAllDocuments(readFileSync(join(DEPLOY, 'kubernetes/soak-cronjob.yaml'), 'utf8')).map((d) => d.toJS() as { kind: string; apiVersion: string; metadata: { name: string }; spec?: unknown; rules?: unknown })
  const byKind = (k: string) => docs.find((d) => d.kind === k)!

  it('is a batch/v1 CronJob that replaces the TestRun, one run at a time', () => {
    const cron = byKind('CronJob') as unknown as { apiVersion: string; spec: { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: { serviceAccountName: string; containers: { command: string[] }[]; volumes: { configMap: { name: string } }[] } } } } } }
    expect(cron.apiVersion).toBe('batch/v1')
    expect(cron.spec.schedule).toMatch(CRON)
    expect(cron.spec.concurrencyPolicy).toBe('Forbid')
    const pod = cron.spec.jobTemplate.spec.template.spec
    const script = pod.containers[0]!.command.join(' ')
    expect(script).toMatch(/sed "s\/nightly-run-id\/\$RUN_ID\/g" \/testrun\/testrun.yaml > \/tmp\/testrun.yaml/)
    expect(script).toMatch(/kubectl -n load delete -f \/tmp\/testrun.yaml --ignore-not-found/)
    expect(script).toMatch(/kubectl -n load apply -f \/tmp\/testrun.yaml/)
    expect(pod.serviceAccountName).toBe(byKind('ServiceAccount').metadata.name)
    expect(pod.volumes[0]!.configMap.name).toBe('eventload-soak-testrun')
  })

  it('gives each night its own run id: the placeholder is in the args and labels, not in the TestRun name', () => {
    const cron = byKind('CronJob') as unknown as { spec: { jobTemplate: { spec: { template: { spec: { containers: { command: string[] }[] } } } } } }
    const script = cron.spec.jobTemplate.spec.template.spec.containers[0]!.command.join(' ')
    const runId = /RUN_ID="([^"]+)"/.exec(script)![1]!
    // What the shell makes of it tonight, e.g. soak-20261127T023000: a valid run id.
    const tonight = execFileSync('/bin/sh', ['-c', `echo "${runId}"`], { encoding: 'utf8' }).trim()
    expect(tonight).toMatch(/^soak-\d{8}T\d{6}$/)
    expect(tonight).toMatch(RUN_ID_PATTERN)
    const m = renderOperatorManifests(
      { config: testConfig({ scenario: 'stress', runId: 'nightly-run-id', engine: 'k6-operator', workers: '4', namespace: 'load' }), bundle: '/x/soak.js', env: { RUN_ID: 'nightly-run-id' }, tags: { testid: 'nightly-run-id' }, runDir: '/x' },
      'export default function () {}',
    )
    const rendered = stringify(m.testRun)
    const replaced = parse(rendered.replaceAll('nightly-run-id', tonight)) as { metadata: { name: string }; spec: { args: string[] } }
    expect(replaced.metadata.name).toBe((m.testRun as { metadata: { name: string } }).metadata.name)
    expect(replaced.spec.args).toEqual(expect.arrayContaining(['-e', `RUN_ID=${tonight}`, '--tag', `testid=${tonight}`]))
  })

  it('grants the ServiceAccount exactly what the pattern needs on testruns.k6.io', () => {
    const role = byKind('Role') as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }
    expect(role.rules).toEqual([{ apiGroups: ['k6.io'], resources: ['testruns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }])
    const binding = byKind('RoleBinding') as unknown as { roleRef: { name: string }; subjects: { name: string }[] }
    expect(binding.roleRef.name).toBe(role && byKind('Role').metadata.name)
    expect(binding.subjects[0]!.name).toBe(byKind('ServiceAccount').metadata.name)
  })
})

describe('deploy/github-actions/nightly-soak.yml', () => {
  const wf = parse(readFileSync(join(DEPLOY, 'github-actions/nightly-soak.yml'), 'utf8')) as {
    on: { schedule: { cron: string }[]; workflow_dispatch: unknown }
    jobs: Record<string, { 'timeout-minutes': number; steps: { run?: string; uses?: string; if?: string }[] }>
  }

  it('runs the soak scenario nightly and keeps the reports even when it fails', () => {
    expect(wf.on.schedule[0]!.cron).toMatch(CRON)
    expect(wf.on.workflow_dispatch).toBeDefined()
    const job = wf.jobs.soak!
    expect(job['timeout-minutes']).toBeGreaterThan(120) // a 2 h soak plus setup and drain
    expect(job.steps.some((s) => s.run?.includes('npm run scenario -- soak'))).toBe(true)
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))
    expect(upload?.if).toBe('always()')
    // The stack's prerequisites that a runner does not bring: Go for FerretDB, java/maven/prometheus from apt.
    const goStep = job.steps.find((s) => s.uses?.startsWith('actions/setup-go')) as { with?: { 'go-version'?: string } } | undefined
    expect(Number(goStep?.with?.['go-version']?.split('.')[1])).toBeGreaterThanOrEqual(24)
    expect(job.steps.some((s) => /apt-get install .*openjdk-17.*maven.*prometheus/.test(s.run ?? ''))).toBe(true)
  })
})
