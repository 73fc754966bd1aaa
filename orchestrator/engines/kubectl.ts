// kubectl as the k6-operator engine calls it: `KUBECTL` or `kubectl` on PATH, always with the
// namespace, never through a shell. Credentials only ever go in on stdin (`apply -f -`), so they
// are not in any argv (`ps`) or file; anything kubectl prints is scrubbed of them before use.
import { execa } from 'execa'
import { redactText, REDACTED } from '../../stack/redact.ts'

export interface KubectlResult {
  exitCode: number
  stdout: string
  stderr: string
  /** kubectl could not be started at all (ENOENT). */
  notFound?: boolean
}

/** What the engine needs from kubectl: one call. A function so tests can script the answers. */
export type Kubectl = (args: string[], opts?: { stdin?: string; timeoutMs?: number }) => Promise<KubectlResult>

export function kubectlCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBECTL || 'kubectl'
}

/** Replaces each secret value, and whatever redactText recognises, in kubectl's output. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s) out = out.split(s).join(REDACTED)
  return redactText(out)
}

export function execKubectl(command: string, secrets: readonly string[] = []): Kubectl {
  return async (args, opts = {}) => {
    const res = await execa(command, args, {
      reject: false,
      timeout: opts.timeoutMs ?? 60_000,
      ...(opts.stdin !== undefined ? { input: opts.stdin } : { stdin: 'ignore' as const }),
    })
    const notFound = (res as { code?: string }).code === 'ENOENT'
    return {
      exitCode: res.exitCode ?? (res.failed ? 1 : 0),
      stdout: scrub(String(res.stdout ?? ''), secrets),
      stderr: scrub(String(res.stderr ?? (res.failed ? res.shortMessage : '')), secrets),
      ...(notFound ? { notFound } : {}),
    }
  }
}

/** The last non-empty line of kubectl's stderr: its error message. */
export function kubectlError(r: KubectlResult): string {
  return r.stderr.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? `exit ${r.exitCode}`
}
