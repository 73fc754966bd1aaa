// Programs the native stack needs from the host, how to get them, and the check `up` runs
// before it starts anything, so a missing tool never leaves a half-started stack behind.
import type { Prerequisite } from './service.ts'
import { which } from './process/which.ts'

export const DOCKER_ALTERNATIVE = 'docker compose -f stack/docker-compose.yml up -d'

export const TOOLS = {
  java: {
    command: 'java',
    purpose: 'runs the Apache Kafka broker (Java 17 or newer)',
    install: 'apt-get install -y --no-install-recommends openjdk-17-jre-headless',
  },
  mvn: {
    command: 'mvn',
    purpose: 'downloads the Kafka jars from Maven Central (first start only; cached afterwards)',
    install: 'apt-get install -y --no-install-recommends maven',
  },
  go: {
    command: 'go',
    purpose: 'builds FerretDB (MongoDB wire protocol) from the Go module proxy (first start only; cached afterwards)',
    install: 'Go 1.24 or newer from https://go.dev/doc/install (Debian 12\'s golang-go is too old)',
  },
  prometheus: {
    command: 'prometheus',
    purpose: 'stores load-test metrics (remote-write receiver) for Grafana',
    install: 'apt-get install -y --no-install-recommends prometheus',
  },
} satisfies Record<string, Prerequisite>

export class MissingPrerequisiteError extends Error {
  override name = 'MissingPrerequisiteError'
  constructor(readonly missing: { service: string; prerequisite: Prerequisite }[]) {
    const lines = missing.map(
      ({ service, prerequisite: p }) => `  - ${p.command} (${service}): ${p.purpose}.\n    Install: ${p.install}`,
    )
    super(
      `cannot start the local stack, missing prerequisite(s):\n${lines.join('\n')}\n` +
        `Nothing was started. Install the above and retry, or run the stack with Docker instead:\n` +
        `  ${DOCKER_ALTERNATIVE}\n` +
        `or point eventload at services you already run (see docs/stack.md, EVENTLOAD_*_URL).`,
    )
  }
}

/** Throws MissingPrerequisiteError listing every program absent from `path`. */
export function checkPrerequisites(needs: { service: string; prerequisites: Prerequisite[] }[], path: string | undefined): void {
  const missing: { service: string; prerequisite: Prerequisite }[] = []
  for (const { service, prerequisites } of needs) {
    for (const p of prerequisites) if (!which(p.command, path)) missing.push({ service, prerequisite: p })
  }
  if (missing.length) throw new MissingPrerequisiteError(missing)
}
