// The script's env values that carry a credential (a URL with a password, a *_PASSWORD key). A
// local engine process gets them through its environment, which `k6 run` (and the node engine)
// put into __ENV by default, not as `-e` on its command line, which any local user can read
// (`ps`, /proc/<pid>/cmdline). k6-operator puts the same keys in a Kubernetes Secret (k6-operator.ts).
import { redactSecrets } from '../../stack/redact.ts'

export function secretEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => redactSecrets({ [k]: v })[k] !== v))
}

/** The rest, safe to pass as `-e KEY=VALUE`. */
export function publicEnv(env: Record<string, string>): Record<string, string> {
  const secret = secretEnv(env)
  return Object.fromEntries(Object.entries(env).filter(([k]) => !(k in secret)))
}
