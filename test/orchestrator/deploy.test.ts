// deploy/: the nightly schedules parse and hold what the documented patterns need
// (k6-extensions-and-operator.md §4.3 for the CronJob, §5 for the workflow). No cluster and no
// GitHub here, so the files are checked as data.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
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
    expect(script).toMatch(/kubectl -n load delete -f \/testrun\/testrun.yaml --ignore-not-found/)
    expect(script).toMatch(/kubectl -n load apply -f \/testrun\/testrun.yaml/)
    expect(pod.serviceAccountName).toBe(byKind('ServiceAccount').metadata.name)
    expect(pod.volumes[0]!.configMap.name).toBe('eventload-soak-testrun')
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
