// Which partition a produced message goes to. Without a balancer, xk6-kafka v2 leaves it to
// librdkafka's default "consistent_random": CRC32 of the key, a random partition for keyless
// messages. The BALANCER_* names (xk6-kafka v1 / kafka-go) are accepted too; v2 itself rejects
// them, so they only matter for v1-era scripts.
import { crc32 } from 'node:zlib'
import { compatibilityPartitioner, type Partitioner } from '@platformatic/kafka'
import { BALANCER_CRC32, BALANCER_HASH, BALANCER_LEAST_BYTES, BALANCER_MURMUR2, BALANCER_ROUND_ROBIN } from './constants.ts'

type BufferPartitioner = Partitioner<Buffer, Buffer, Buffer, Buffer>

// The producer reduces the returned number modulo the topic's partition count.
const consistentRandom: BufferPartitioner = (_m, key) =>
  key && key.length > 0 ? crc32(key) : Math.floor(Math.random() * 0x7fffffff)

function fnv1a(key: Buffer): number {
  let h = 0x811c9dc5
  for (const b of key) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h
}

function roundRobin(): BufferPartitioner {
  const next = new Map<string, number>()
  return (m) => {
    const n = next.get(m.topic) ?? 0
    next.set(m.topic, (n + 1) & 0x7fffffff)
    return n
  }
}

export function partitionerFor(balancer: string | undefined): BufferPartitioner {
  switch (balancer) {
    case undefined:
      return consistentRandom
    case BALANCER_ROUND_ROBIN:
    case BALANCER_LEAST_BYTES: // kafka-go's byte accounting has no equivalent here; spread evenly
      return roundRobin()
    case BALANCER_HASH:
      return (_m, key) => (key ? fnv1a(key) & 0x7fffffff : 0)
    case BALANCER_CRC32:
      return (_m, key) => (key ? crc32(key) : 0)
    case BALANCER_MURMUR2:
      return compatibilityPartitioner
    default:
      throw new Error(`unknown balancer ${balancer}`)
  }
}
