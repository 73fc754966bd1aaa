// docker-compose.yml cannot run here (no Docker engine), so this checks it is well formed and
// agrees with the native provider: same ports, credentials, topics and server settings, all
// read from stack/topology.ts and the native provider's own config builders.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { kafkaVersion } from '../../stack/artifacts/kafka-jars.ts'
import { serverProperties } from '../../stack/kafka/config.ts'
import { HEALTH_TOPIC } from '../../stack/kafka/probe.ts'
import { REPO_ROOT } from '../../stack/options.ts'
import { POSTGRES_SETTINGS } from '../../stack/services/postgres.ts'
import { topology } from '../../stack/topology.ts'

interface ComposeService {
  image: string
  command?: string[] | string
  entrypoint?: string[]
  environment?: Record<string, string | number>
  ports?: string[]
  volumes?: string[]
}
const stackDir = join(REPO_ROOT, 'stack')
const compose = parse(readFileSync(join(stackDir, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> }
const svc = (name: string) => {
  const s = compose.services[name]
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`)
  return s
}
const publishedPort = (name: string) =>
  (svc(name).ports ?? []).map((p) => {
    const [host, published, container] = p.split(':')
    return { host, published: Number(published), container: Number(container) }
  })
const nativeKafkaProps = Object.fromEntries(
  serverProperties({ port: topology.kafka.port, controllerPort: topology.kafka.controllerPort, dataDir: '/d', logDir: '/l' })
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('=') as [string, string]),
)

describe('stack/docker-compose.yml', () => {
  it('has every stack service plus grafana', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'kafka', 'mongo', 'prometheus', 'grafana']))
  })

  it('publishes the topology ports on loopback only', () => {
    const expected = {
      postgres: topology.postgres.port,
      kafka: topology.kafka.port,
      mongo: topology.mongo.port,
      prometheus: topology.prometheus.port,
    }
    for (const [name, port] of Object.entries(expected)) {
      expect(publishedPort(name), name).toContainEqual({ host: '127.0.0.1', published: port, container: port })
    }
  })

  it('runs Postgres with the native provider settings and the topology credentials', () => {
    const pgArgs = svc('postgres').command as string[]
    const settings = pgArgs.filter((_, i) => pgArgs[i - 1] === '-c')
    // listen address and socket dir are specific to running on the host
    const portable = Object.entries(POSTGRES_SETTINGS).filter(([k]) => !['listen_addresses', 'unix_socket_directories'].includes(k))
    for (const [k, v] of portable) expect(settings).toContain(`${k}=${v}`)
    expect(svc('postgres').environment).toMatchObject({
      POSTGRES_USER: topology.postgres.user,
      POSTGRES_PASSWORD: topology.postgres.password,
      POSTGRES_DB: topology.postgres.database,
    })
    expect(svc('postgres').volumes).toContain('./migrations:/docker-entrypoint-initdb.d:ro')
  })

  it('runs the same Kafka version as the pom, KRaft, with the native broker settings', () => {
    expect(svc('kafka').image).toBe(`apache/kafka:${kafkaVersion()}`)
    const env = svc('kafka').environment!
    const envFor = (prop: string) => String(env[`KAFKA_${prop.toUpperCase().replaceAll('.', '_')}`])
    expect(envFor('process.roles')).toBe(nativeKafkaProps['process.roles'])
    expect(envFor('controller.quorum.voters')).toBe(`1@kafka:${topology.kafka.controllerPort}`)
    for (const prop of [
      'auto.create.topics.enable',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'group.initial.rebalance.delay.ms',
    ]) {
      expect(envFor(prop), prop).toBe(nativeKafkaProps[prop])
    }
    expect(String(env.KAFKA_ADVERTISED_LISTENERS)).toContain(`127.0.0.1:${topology.kafka.port}`)
  })

  it('creates exactly the topology topics (and the health topic) with their partition counts', () => {
    const script = (svc('kafka-topics').command as string[]).join(' ')
    const created = [...script.matchAll(/--topic (\S+) --partitions (\d+)/g)].map((m) => ({ name: m[1], partitions: Number(m[2]) }))
    expect(created).toEqual([...topology.kafka.topics, { name: HEALTH_TOPIC, partitions: 1 }])
  })

  it('enables the Prometheus remote-write receiver and scrapes the processor', () => {
    expect(svc('prometheus').command).toContain('--web.enable-remote-write-receiver')
    const prom = parse(readFileSync(join(stackDir, 'prometheus', 'prometheus.docker.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[]
    }
    const targets = prom.scrape_configs.flatMap((s) => s.static_configs.flatMap((c) => c.targets))
    expect(targets).toContain(`host.docker.internal:${topology.processor.metricsPort}`)
  })

  it('provisions Grafana with the Prometheus datasource and the dashboards folder', () => {
    const ds = parse(readFileSync(join(stackDir, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: { type: string; url: string; uid: string }[]
    }
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: `http://prometheus:${topology.prometheus.port}` })
    const providers = parse(readFileSync(join(stackDir, 'grafana/provisioning/dashboards/eventload.yml'), 'utf8')) as {
      providers: { options: { path: string } }[]
    }
    const mount = svc('grafana').volumes!.find((v) => v.startsWith('./grafana/dashboards:'))
    expect(mount?.split(':')[1]).toBe(providers.providers[0]!.options.path)
    const dashboards = readdirSync(join(stackDir, 'grafana/dashboards')).filter((f) => f.endsWith('.json'))
    expect(dashboards.length).toBeGreaterThan(0)
    for (const f of dashboards) {
      const d = JSON.parse(readFileSync(join(stackDir, 'grafana/dashboards', f), 'utf8')) as { panels: { datasource?: { uid: string } }[] }
      for (const p of d.panels) expect(p.datasource?.uid, `${f} panel datasource`).toBe(ds.datasources[0]!.uid)
    }
  })
})
