// The docker engine: the k6.Dockerfile image (k6 with the extensions, bundles in /scenarios),
// run with host networking so the script reaches the local stack at 127.0.0.1, and the run
// directory mounted at /out for the JSON samples and the summary export.
import { basename } from 'node:path'
import { execa } from 'execa'
import type { Engine, EngineListener, EngineRun, EngineRunSpec, PreflightProblem } from './engine.ts'
import { k6RunArgs } from './k6-args.ts'
import { publicEnv, secretEnv } from './secret-env.ts'
import { SAMPLES_FILE, startK6Process, SUMMARY_EXPORT_FILE } from './k6-process.ts'

/** The full `docker` argv (the image's ENTRYPOINT is `k6 run`, so the k6 args start after it). */
export function dockerArgs(spec: EngineRunSpec, ids: { uid: number; gid: number } = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }): string[] {
  const k6 = k6RunArgs({
    script: `/scenarios/${basename(spec.bundle)}`,
    env: publicEnv(spec.env),
    tags: spec.tags,
    outs: spec.config.out,
    jsonOut: `/out/${SAMPLES_FILE}`,
    summaryExport: `/out/${SUMMARY_EXPORT_FILE}`,
  }).slice(1) // drop "run": the entrypoint has it
  return [
    'run', '--rm', '--init',
    '--network', 'host',
    '--user', `${ids.uid}:${ids.gid}`,
    '--volume', `${spec.runDir}:/out`,
    '--env', 'K6_NO_USAGE_REPORT=true',
    // `--env KEY` without a value: docker copies it from its own environment (set below).
    ...Object.keys(secretEnv(spec.env)).flatMap((k) => ['--env', k]),
    '--name', `eventload-${spec.config.runId.replace(/[^A-Za-z0-9_.-]/g, '-')}`,
    spec.config.image,
    ...k6,
  ]
}

export const dockerEngine: Engine = {
  name: 'docker',

  async preflight(spec: EngineRunSpec): Promise<PreflightProblem[]> {
    const info = await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', spec.config.image], { reject: false, timeout: 20_000, stdin: 'ignore' })
    if (!info.failed) return []
    if ((info as { code?: string }).code === 'ENOENT') {
      return [{ what: 'docker', problem: 'the docker CLI is not on PATH', fix: 'install Docker (or Podman with the docker alias), or use --engine node' }]
    }
    const reason = info.stderr.split('\n')[0] || (info.shortMessage ?? 'docker image inspect failed')
    // No daemon answers (not running, no permission on its socket): building the image would fail
    // the same way, so the fix is the daemon.
    if (/Cannot connect to the Docker daemon|docker daemon is not running|permission denied.*docker\.sock/i.test(reason)) {
      return [{ what: 'docker', problem: `no Docker daemon answers (${reason})`, fix: 'start the Docker daemon (or give this user access to its socket), or use --engine node' }]
    }
    return [{
      what: `image ${spec.config.image}`,
      problem: `not available to docker (${reason})`,
      fix: `npm run build && docker build -f k6.Dockerfile -t ${spec.config.image} .  (or pass --image)`,
    }]
  },

  start(spec: EngineRunSpec, listener: EngineListener): EngineRun {
    return startK6Process({ command: 'docker', args: dockerArgs(spec), env: { ...process.env, ...secretEnv(spec.env) }, runDir: spec.runDir }, listener)
  },
}
