// xk6-kafka's AdminClient (v2) and its deprecated alias Connection: createTopic, deleteTopic,
// listTopics (AdminClient: TopicInfo objects sorted by name; Connection: names), getMetadata.
// Shapes follow v2's topic.go, including its capitalised aliases (Topic, Partitions, Error).
import type { Admin } from '@platformatic/kafka'
import type { ModuleContext } from '../../host.ts'
import { sharedAdmin } from './clients.ts'
import { asObject, parseCluster } from './config.ts'
import { KafkaError } from './errors.ts'

interface PartitionInfo {
  id: number
  leader: number
  replicas: number[]
  isrs: number[]
  error: null
}

export function adminClass(ctx: ModuleContext, className: 'AdminClient' | 'Connection') {
  const legacy = className === 'Connection'
  const call = legacy ? 'connection' : 'adminClient'
  return class AdminClient {
    readonly #admin: Admin

    constructor(config: unknown) {
      const raw = asObject(config, 'connection config')
      let brokers: string[] | undefined
      if (!Array.isArray(raw.brokers) || raw.brokers.length === 0) {
        if (typeof raw.address !== 'string' || raw.address === '') {
          throw new KafkaError('Invalid connection config: address must not be empty: set brokers: ["host:port"] (or address for Connection)')
        }
        brokers = [raw.address]
      }
      this.#admin = sharedAdmin(ctx, parseCluster(raw, 'connection config', brokers))
    }

    createTopic(config: unknown): Promise<void> {
      const c = asObject(config, 'topic config')
      if (typeof c.topic !== 'string' || c.topic === '') throw new KafkaError('Invalid topic config: topic must not be empty')
      const assignments = Array.isArray(c.replicaAssignments)
        ? c.replicaAssignments.map((a) => {
            const ra = asObject(a, 'replicaAssignments[]')
            return { partition: Number(ra.partition), brokers: (ra.replicas as number[] | undefined) ?? [] }
          })
        : []
      const configs = Array.isArray(c.configEntries)
        ? c.configEntries.map((e) => {
            const ce = asObject(e, 'configEntries[]')
            return { name: String(ce.configName), value: String(ce.configValue) }
          })
        : []
      const partitions = typeof c.numPartitions === 'number' && c.numPartitions > 0 ? c.numPartitions : 1
      const replicas = typeof c.replicationFactor === 'number' && c.replicationFactor > 0 ? c.replicationFactor : 1
      const work = this.#admin
        .createTopics({
          topics: [c.topic],
          ...(assignments.length > 0 ? { partitions: -1, replicas: -1, assignments } : { partitions, replicas }),
          configs,
        })
        .then(
          () => undefined,
          (err: unknown) => {
            throw new KafkaError('Admin topic operation failed.', err)
          },
        )
      return ctx.track(work, `${call}.createTopic`)
    }

    deleteTopic(topic: unknown): Promise<void> {
      if (typeof topic !== 'string' || topic === '') throw new KafkaError('Invalid topic config: topic must not be empty')
      const work = this.#admin.deleteTopics({ topics: [topic] }).catch((err: unknown) => {
        throw new KafkaError('Admin topic operation failed.', err)
      })
      return ctx.track(work, `${call}.deleteTopic`)
    }

    listTopics(): Promise<unknown[]> {
      const work = (async () => {
        const names = (await this.#admin.listTopics({ includeInternals: true })).sort()
        if (legacy) return names
        const meta = names.length > 0 ? await this.#admin.metadata({ topics: names, forceUpdate: true }) : undefined
        return names.map((topic) => {
          const partitions = meta?.topics.get(topic)?.partitionsCount ?? 0
          return { topic, partitions, error: null, Topic: topic, Partitions: partitions, Error: null }
        })
      })().catch((err: unknown) => {
        throw new KafkaError('Failed to list topic metadata.', err)
      })
      return ctx.track(work, `${call}.listTopics`)
    }

    getMetadata(topic: unknown): Promise<unknown> {
      if (typeof topic !== 'string' || topic === '') throw new KafkaError('Invalid topic config: topic must not be empty')
      const work = (async () => {
        const meta = await this.#admin.metadata({ topics: [topic], forceUpdate: true })
        const t = meta.topics.get(topic)
        if (!t) throw new Error('topic metadata not found')
        const partitions = t.partitions.map((p, id): PartitionInfo & Record<string, unknown> => ({
          id,
          leader: p.leader,
          replicas: [...p.replicas],
          isrs: [...p.isr],
          error: null,
          ID: id,
          Leader: p.leader,
          Replicas: [...p.replicas],
          Isrs: [...p.isr],
          Error: null,
        }))
        return { topic, partitions, error: null, Topic: topic, Partitions: partitions, Error: null }
      })().catch((err: unknown) => {
        throw new KafkaError('Failed to get topic metadata.', err)
      })
      return ctx.track(work, `${call}.getMetadata`)
    }

    /** The admin client is shared by the process; it closes when the engine exits. */
    close(): Promise<void> {
      return ctx.track(Promise.resolve(), `${call}.close`)
    }
  }
}
