// Apache Kafka's jars, resolved from Maven Central with stack/kafka/pom.xml into the artifact
// cache. The cache key includes the pom's hash, so a version bump resolves afresh.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../options.ts'
import { ensureCachedDir, fingerprint, withProgress } from './cache.ts'

const execFileAsync = promisify(execFile)
export const KAFKA_POM = join(REPO_ROOT, 'stack', 'kafka', 'pom.xml')

export function kafkaVersion(): string {
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(KAFKA_POM, 'utf8'))
  if (!m) throw new Error(`${KAFKA_POM}: no <kafka.version> property`)
  return m[1]!
}

/** Directory holding every jar of the broker's classpath (for `-cp '<dir>/*'`). */
export function kafkaLibsDir(cacheDir: string): string {
  return join(cacheDir, `kafka-${kafkaVersion()}-${fingerprint([KAFKA_POM])}`, 'libs')
}

export function kafkaLibsCached(cacheDir: string): boolean {
  return existsSync(kafkaLibsDir(cacheDir))
}

export async function ensureKafkaLibs(cacheDir: string, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<string> {
  const dir = kafkaLibsDir(cacheDir)
  await ensureCachedDir(dir, async (tmp) => {
    log(`resolving Apache Kafka ${kafkaVersion()} jars from Maven Central with mvn (first start only)`)
    const work = execFileAsync(
      'mvn',
      ['-q', '-B', '-f', KAFKA_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`],
      { env, maxBuffer: 16 * 1024 * 1024 },
    ).catch((err: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`kafka: mvn could not resolve the Kafka jars: ${(err.stdout || err.stderr || err.message).trim().slice(-2000)}`)
    })
    await withProgress(log, 'resolving Kafka jars', work)
    if (!readdirSync(tmp).some((f) => f.startsWith('kafka_2.13-'))) throw new Error(`kafka: mvn finished but no kafka_2.13 jar in ${tmp}`)
  })
  return dir
}
