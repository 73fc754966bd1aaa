// The k6 engine: a real k6 binary (K6_BINARY, --k6-binary or `k6` on PATH) built with the
// extensions the bundle imports (k6.Dockerfile pins them). Checked before the run: the binary
// answers `k6 version` and lists every k6/x/* module the bundle imports.
import { join } from 'node:path'
import { execa } from 'execa'
import type { Engine, EngineListener, EngineRun, EngineRunSpec, PreflightProblem } from './engine.ts'
import { k6RunArgs } from './k6-args.ts'
import { publicEnv, secretEnv } from './secret-env.ts'
import { missingExtensions, parseK6Version, requiredExtensionsOf } from './k6-extensions.ts'
import { SAMPLES_FILE, startK6Process, SUMMARY_EXPORT_FILE } from './k6-process.ts'

const BUILD_FIX = 'build one with the pinned extensions (docker build -f k6.Dockerfile ., or xk6 build; docs/orchestrator.md "k6 engine") and set K6_BINARY, or use --engine node'

export const k6Engine: Engine = {
  name: 'k6',

  async preflight(spec: EngineRunSpec): Promise<PreflightProblem[]> {
    const bin = spec.config.k6Binary
    const res = await execa(bin, ['version'], { reject: false, timeout: 15_000, stdin: 'ignore' })
    if (res.failed) {
      const why = (res as { code?: string }).code === 'ENOENT' ? 'not found' : `\`${bin} version\` failed: ${res.shortMessage}`
      return [{ what: `k6 binary "${bin}"`, problem: why, fix: BUILD_FIX }]
    }
    const { extensions } = parseK6Version(`${res.stdout}\n${res.stderr}`)
    const missing = missingExtensions(requiredExtensionsOf(spec.bundle), extensions)
    return missing.map((m) => ({
      what: `k6 binary "${bin}"`,
      problem: `lacks extension ${m.importPath} (its \`k6 version\` lists ${extensions.map((e) => e.importPath).join(', ') || 'no extensions'})`,
      fix: `${BUILD_FIX}; the module is ${m.module}`,
    }))
  },

  start(spec: EngineRunSpec, listener: EngineListener): EngineRun {
    const args = k6RunArgs({
      script: spec.bundle,
      env: publicEnv(spec.env),
      tags: spec.tags,
      outs: spec.config.out,
      jsonOut: join(spec.runDir, SAMPLES_FILE),
      summaryExport: join(spec.runDir, SUMMARY_EXPORT_FILE),
    })
    return startK6Process({ command: spec.config.k6Binary, args, env: { ...process.env, ...secretEnv(spec.env), K6_NO_USAGE_REPORT: 'true' }, runDir: spec.runDir }, listener)
  },
}
