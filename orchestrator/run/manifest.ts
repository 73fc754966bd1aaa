// The reproducibility manifest: seed, versions, host, the config with secrets redacted, where
// each service was (URLs redacted), the git commit.
import { readFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { describeConnections, type Connections } from '../../stack/connections.ts'
import { REPO_ROOT } from '../../stack/options.ts'
import { redactSecrets } from '../../stack/redact.ts'
import type { RunConfig } from '../config/schema.ts'
import type { Manifest } from '../reports/model.ts'

function version(pkg: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string }).version
  } catch {
    return undefined
  }
}

export async function buildManifest(config: RunConfig, connections: Connections | undefined, seed: string, extra: Record<string, string> = {}): Promise<Manifest> {
  const own = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version
  const versions: Record<string, string> = { eventload: own, node: process.version, ...extra }
  for (const pkg of ['esbuild', 'pg', 'mongodb', '@platformatic/kafka', 'hdr-histogram-js']) {
    const v = version(pkg)
    if (v) versions[pkg] = v
  }
  const git = await execa('git', ['describe', '--always', '--dirty'], { cwd: REPO_ROOT, reject: false, timeout: 5000 })
  return {
    seed,
    versions,
    host: { platform: process.platform, arch: process.arch, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    config: redactSecrets({ ...config }) as unknown as Record<string, unknown>,
    connections: connections ? describeConnections(connections) : [],
    ...(!git.failed && git.stdout ? { commit: git.stdout.trim() } : {}),
  }
}
