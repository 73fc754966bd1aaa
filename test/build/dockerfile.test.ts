import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildScenarios } from '../../build/bundle.ts'
import { EXTENSIONS, K6_VERSION, XK6_IMAGE } from '../../build/extensions.ts'
import { REPO_ROOT } from '../../stack/options.ts'
import { analyzeBundle } from './bundle-analysis.ts'

// The image cannot be built here (no Docker engine); this checks what a build would need: every
// extension module the bundles import is compiled in, at the pinned, mutually compatible versions
// (k6 v1 line, ../shared/reference/k6-extensions-and-operator.md §0 and §3).
const dockerfile = readFileSync(join(REPO_ROOT, 'k6.Dockerfile'), 'utf8')
const outDir = mkdtempSync(join(tmpdir(), 'eventload-docker-'))
beforeAll(async () => {
  await buildScenarios({ outDir, force: true })
})
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe('k6.Dockerfile', () => {
  const withs = [...dockerfile.matchAll(/--with\s+(\S+?)@(v\d+\.\d+\.\d+)/g)].map((m) => ({ module: m[1], version: m[2] }))

  it('compiles in every extension module a bundle imports, at the pinned version', async () => {
    const imported = new Set<string>()
    for (const name of ['smoke', 'warmup', 'moderate', 'stress', 'extreme', 'spike', 'soak', 'breakpoint', 'kafka-direct']) {
      for (const { path } of (await analyzeBundle(join(outDir, `${name}.js`))).imports) if (path.startsWith('k6/x/')) imported.add(path)
    }
    expect([...imported].sort()).toEqual(Object.keys(EXTENSIONS).sort())
    for (const path of imported) {
      const ext = EXTENSIONS[path]!
      expect(withs, path).toContainEqual({ module: ext.module, version: ext.version })
    }
  })

  it('pins k6 v1.7.1 and the xk6 image, with the combination the reference names', () => {
    expect(K6_VERSION).toBe('v1.7.1')
    expect(dockerfile).toContain(`ARG K6_VERSION=${K6_VERSION}`)
    expect(dockerfile).toContain(`ARG XK6_IMAGE=${XK6_IMAGE}`)
    expect(dockerfile).toMatch(/xk6 build \$\{K6_VERSION\}/)
    expect(withs).toEqual(
      expect.arrayContaining([
        { module: 'github.com/grafana/xk6-sql', version: 'v1.0.6' },
        { module: 'github.com/grafana/xk6-sql-driver-postgres', version: 'v0.1.2' },
        { module: 'github.com/mostafa/xk6-kafka/v2', version: 'v2.1.0' },
      ]),
    )
  })

  it('builds with CGO for librdkafka and runs on glibc, not Alpine', () => {
    expect(Object.values(EXTENSIONS).some((e) => e.cgo)).toBe(true)
    expect(dockerfile).toMatch(/CGO_ENABLED=1/)
    const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1])
    const runtime = stages[stages.length - 1]!
    expect(runtime).not.toMatch(/alpine|grafana\/k6/)
    expect(runtime).toMatch(/^(ubuntu|debian)/)
    expect(dockerfile).toMatch(/librdkafka1/)
  })

  it('copies the bundles and runs k6 run', () => {
    expect(dockerfile).toMatch(/^COPY dist\/k6\/ \/scenarios\/$/m)
    expect(dockerfile).toMatch(/^ENTRYPOINT \["k6", "run"\]$/m)
  })
})
